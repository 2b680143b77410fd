import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureCachedVenv, VENV_INSTALL_TIMEOUT_MS } from './cached-venv';
import { groupListensOn, ownGroup } from './process-group';

/**
 * The MLflow release the tests run against. 3.18.0 is listed on PyPI but its companion
 * `mlflow-skinny==3.18.0` is not, so `pip install mlflow==3.18.0` cannot resolve; 3.17.2 is the
 * newest release that installs. The full `mlflow` package is needed: `mlflow-skinny` has no
 * `mlflow server` (no SQLAlchemy store, no UI app).
 */
export const MLFLOW_VERSION = '3.17.2';

const VENV_NAME = 'mlflow-venv';
const START_TIMEOUT_MS = 120_000;

/** Generous timeout for a beforeAll that may install the venv on a fresh machine. */
export const MLFLOW_SETUP_TIMEOUT_MS = VENV_INSTALL_TIMEOUT_MS + START_TIMEOUT_MS;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Creates `<repo>/.cache/mlflow-venv` with the pinned MLflow once; returns `mlflow`. */
export async function ensureMlflowVenv(): Promise<string> {
  const venv = await ensureCachedVenv(VENV_NAME, `mlflow==${MLFLOW_VERSION}`);
  return path.join(venv, 'bin', 'mlflow');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface MlflowTestServer {
  /** Tracking URI, e.g. http://127.0.0.1:41234 */
  url: string;
  stop(): Promise<void>;
}

async function startOnce(bin: string, dir: string): Promise<MlflowTestServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    bin,
    [
      'server',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--workers',
      '1',
      '--backend-store-uri',
      `sqlite:///${path.join(dir, 'mlflow.db')}`,
      '--artifacts-destination',
      path.join(dir, 'artifacts'),
      '--serve-artifacts',
      '--allowed-hosts',
      `127.0.0.1:${port},localhost:${port}`,
    ],
    {
      cwd: dir,
      // Own process group: `mlflow server` forks uvicorn, and stop() must end both.
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      // The job-runner consumers (huey) are not needed and cost several Python processes.
      env: { ...process.env, MLFLOW_SERVER_ENABLE_JOB_EXECUTION: 'false' },
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  // If the worker dies without calling stop(), don't leave a server behind.
  const group = ownGroup(child);
  const stop = () => group.stop();
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline && !group.exited) {
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
      // Ours only if our group holds the listening socket (see groupListensOn).
      if (res.ok && groupListensOn(child, port)) return { url, stop };
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  await stop();
  throw new Error(`mlflow server did not become healthy on ${url}:\n${stderr}`);
}

/**
 * Starts a real `mlflow server` on a free loopback port with a temporary SQLite store and
 * proxied artifact storage. `stop()` ends the whole process group and removes the temp dir.
 */
export async function startMlflowServer(): Promise<MlflowTestServer> {
  const bin = await ensureMlflowVenv();
  const dir = mkdtempSync(path.join(tmpdir(), 'mlflow-test-'));
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const server = await startOnce(bin, dir);
      return {
        url: server.url,
        stop: async () => {
          await server.stop();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    } catch (err) {
      // Most likely another process took the port between probing and binding (our server then
      // exits, or never answers): try again on a new port.
      lastError = err;
    }
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError;
}
