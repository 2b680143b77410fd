import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../src/config';
import { createProbes } from '../../../../src/platform/health/probes';
import { probeTarget } from '../../../../src/platform/health/health-service';
import { openSqliteStore, type SqliteStore } from '../../../../src/platform/store/sqlite-store';

/** A loopback "workspace" whose MLflow answers only the workspace's PAT. */
let workspace: Server;
let url: string;
let store: SqliteStore;
let dir: string;
const seen: { path: string; auth: string | undefined }[] = [];

beforeAll(async () => {
  workspace = createServer((req, res) => {
    req.resume();
    seen.push({ path: req.url ?? '', auth: req.headers.authorization });
    const ok = req.headers.authorization === 'Bearer dapi-workspace';
    const mlflow = (req.url ?? '').startsWith('/api/2.0/mlflow/experiments/search');
    res.writeHead(!ok ? 401 : mlflow ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(ok && mlflow ? { experiments: [{ experiment_id: '1' }] } : {}));
  });
  await new Promise<void>((r) => workspace.listen(0, '127.0.0.1', r));
  const a = workspace.address();
  url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  dir = mkdtempSync(path.join(os.tmpdir(), 'probe-'));
  store = openSqliteStore(dir);
});

afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  await new Promise((r) => workspace.close(r));
});

const mlflowProbe = (env: Record<string, string>) => {
  const probe = createProbes({
    targets: loadConfig(env),
    store,
    azureCredential: () => {
      throw new Error('no Azure identity in this test');
    },
    timeoutMs: 5_000,
  }).find((p) => p.name === 'MLflow');
  if (!probe) throw new Error('no MLflow probe');
  return probe;
};

describe('status: the MLflow probe', () => {
  it('checks the workspace MLflow when only DATABRICKS_HOST is set', async () => {
    const probe = mlflowProbe({ DATABRICKS_HOST: url, DATABRICKS_TOKEN: 'dapi-workspace' });
    expect(probe.configured).toBe(true);
    expect(probeTarget(probe, 'en')).toBe(`${url} (Databricks workspace)`);
    expect(probeTarget(probe, 'fr')).toBe(`${url} (espace de travail Databricks)`);
    await expect(probe.check()).resolves.toEqual({ key: 'probes.hasExperiments' });
    expect(seen.at(-1)).toEqual({
      path: '/api/2.0/mlflow/experiments/search?max_results=1',
      auth: 'Bearer dapi-workspace',
    });
  });

  it('reports a rejected workspace token as a failure', async () => {
    const probe = mlflowProbe({ DATABRICKS_HOST: url, DATABRICKS_TOKEN: 'dapi-wrong' });
    await expect(probe.check()).rejects.toThrow();
  });

  it('is not configured with neither MLFLOW_TRACKING_URI nor DATABRICKS_HOST', () => {
    const probe = mlflowProbe({});
    expect(probe.configured).toBe(false);
    expect(probe.target).toBe('not configured');
  });

  it('prefers MLFLOW_TRACKING_URI over the workspace', () => {
    const probe = mlflowProbe({ DATABRICKS_HOST: url, MLFLOW_TRACKING_URI: 'http://127.0.0.1:1' });
    expect(probe.target).toBe('http://127.0.0.1:1');
  });
});
