import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpMlflowService } from '../../../../src/services/mlflow/http-mlflow-service';
import { MlflowError } from '../../../../src/services/mlflow/mlflow-error';
import type { MlflowRun } from '../../../../src/services/mlflow/mlflow-types';
import { seedMlflow, type MlflowSeed } from '../../../support/mlflow-seed';
import {
  MLFLOW_SETUP_TIMEOUT_MS,
  startMlflowServer,
  type MlflowTestServer,
} from '../../../support/mlflow-server';

let server: MlflowTestServer;
let mlflow: HttpMlflowService;
let seed: MlflowSeed;

beforeAll(async () => {
  server = await startMlflowServer();
  mlflow = new HttpMlflowService({ baseUrl: server.url });
  seed = await seedMlflow(server.url);
}, MLFLOW_SETUP_TIMEOUT_MS);

afterAll(async () => {
  await server?.stop();
});

const names = (runs: MlflowRun[]) => runs.map((r) => r.info.runName);

async function failure(p: Promise<unknown>): Promise<MlflowError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MlflowError);
  return err as MlflowError;
}

describe('HttpMlflowService against a real MLflow server', () => {
  it('finds experiments by name and id, and searches them', async () => {
    const byName = await mlflow.getExperimentByName('churn-model');
    expect(byName.experimentId).toBe(seed.churnId);
    expect(byName.tags.team).toBe('growth');
    expect((await mlflow.getExperiment(seed.churnId)).name).toBe('churn-model');
    const all = await mlflow.searchExperiments();
    expect(all.items.map((e) => e.name)).toEqual(
      expect.arrayContaining(['churn-model', 'fraud-detection', 'churn-features']),
    );
  });

  it('lists active runs newest first; the deleted run never shows', async () => {
    const page = await mlflow.searchRuns({
      experimentIds: [seed.churnId],
      orderBy: ['attributes.start_time DESC'],
    });
    expect(names(page.items)).toEqual(['live', 'stopped', 'crashed', 'xgb-tuned', 'baseline']);
    expect(page.nextPageToken).toBeUndefined();
    const statuses = Object.fromEntries(page.items.map((r) => [r.info.runName, r.info.status]));
    expect(statuses).toEqual({
      live: 'RUNNING',
      stopped: 'KILLED',
      crashed: 'FAILED',
      'xgb-tuned': 'FINISHED',
      baseline: 'FINISHED',
    });
    const live = page.items[0];
    expect(live?.info.endTime).toBeUndefined();
    expect(live?.info.userId).toBe('carol@contoso.com');
  });

  it('follows page tokens: pages of 2 cover every active run exactly once', async () => {
    const seen: string[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const page = await mlflow.searchRuns({
        experimentIds: [seed.churnId],
        maxResults: 2,
        orderBy: ['attributes.start_time DESC'],
        ...(pageToken ? { pageToken } : {}),
      });
      seen.push(...names(page.items));
      pageToken = page.nextPageToken;
      pages++;
    } while (pageToken);
    expect(pages).toBe(3);
    expect(seen).toEqual(['live', 'stopped', 'crashed', 'xgb-tuned', 'baseline']);
  });

  it('passes MLflow filters and order_by through', async () => {
    const good = await mlflow.searchRuns({
      experimentIds: [seed.churnId],
      filter: "metrics.rmse < 1 and params.model = 'xgb'",
    });
    expect(names(good.items)).toEqual(['xgb-tuned']);
    const best = await mlflow.searchRuns({
      experimentIds: [seed.churnId],
      orderBy: ['metrics.`rmse` ASC'],
      maxResults: 1,
    });
    expect(names(best.items)).toEqual(['xgb-tuned']);
  });

  it("reports a bad filter as bad-request carrying the server's reason", async () => {
    const err = await failure(
      mlflow.searchRuns({ experimentIds: [seed.churnId], filter: 'metrics.rmse <<< 1' }),
    );
    expect(err.reason).toBe('bad-request');
    expect(err.code).toBe('INVALID_PARAMETER_VALUE');
    expect(err.message).toMatch(/comparator/i);
  });

  it('maps RESOURCE_DOES_NOT_EXIST to not-found and RESOURCE_ALREADY_EXISTS to conflict', async () => {
    const missingRun = await failure(mlflow.getRun('0123456789abcdef0123456789abcdef'));
    expect(missingRun.reason).toBe('not-found');
    expect(missingRun.code).toBe('RESOURCE_DOES_NOT_EXIST');
    const missingExp = await failure(mlflow.getExperimentByName('no-such-experiment'));
    expect(missingExp.reason).toBe('not-found');
    const dup = await failure(mlflow.createExperiment('churn-model'));
    expect(dup.reason).toBe('conflict');
    expect(dup.code).toBe('RESOURCE_ALREADY_EXISTS');
  });

  it('gets a run with latest metrics, params and tags', async () => {
    const run = await mlflow.getRun(seed.runs.baseline.runId);
    expect(run.info.status).toBe('FINISHED');
    expect(run.info.endTime).toBe(seed.t0 + 20 * 60_000);
    expect(run.metrics.find((m) => m.key === 'rmse')?.value).toBe(0.9);
    expect(run.params).toContainEqual({ key: 'model', value: 'linear' });
    expect(run.tags).toContainEqual({ key: 'team', value: 'growth' });
  });

  it('reads metric history in step order, bounded by maxPoints', async () => {
    const points = await mlflow.getMetricHistory(seed.runs.baseline.runId, 'rmse');
    expect(points.map((p) => p.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(points[0]?.value).toBe(2);
    const few = await mlflow.getMetricHistory(seed.runs.baseline.runId, 'rmse', 3);
    expect(few).toHaveLength(3);
  });

  it('finds the registered model version that came from a run, and none for others', async () => {
    const versions = await mlflow.modelVersionsForRun(seed.runs.xgbTuned.runId);
    expect(versions.map((v) => [v.name, v.version, v.status])).toEqual([['churn', '1', 'READY']]);
    expect(await mlflow.modelVersionsForRun(seed.runs.baseline.runId)).toEqual([]);
  });

  it('lists top-level artifacts through the artifact proxy', async () => {
    const files = await mlflow.listArtifacts(seed.runs.xgbTuned.runId);
    expect(files).toEqual(
      expect.arrayContaining([
        { path: 'feature_importance.json', isDir: false, fileSize: 15 },
        { path: 'model', isDir: true, fileSize: undefined },
      ]),
    );
    expect(await mlflow.listArtifacts(seed.runs.baseline.runId)).toEqual([]);
  });

  it('creates, logs to, tags and finishes a run', async () => {
    const run = await mlflow.createRun({ experimentId: seed.fraudId, runName: 'from-bot' });
    await mlflow.logBatch(run.info.runId, {
      metrics: [{ key: 'auc', value: 0.91, step: 1, timestamp: Date.now() }],
      params: [{ key: 'p', value: 'v' }],
    });
    await mlflow.setTag(run.info.runId, 'deployed-by', 'bot');
    await mlflow.updateRun(run.info.runId, { status: 'FINISHED', endTime: Date.now() });
    const back = await mlflow.getRun(run.info.runId);
    expect(back.info.status).toBe('FINISHED');
    expect(back.tags).toContainEqual({ key: 'deployed-by', value: 'bot' });
    expect(back.metrics.map((m) => [m.key, m.value])).toEqual([['auc', 0.91]]);
  });

  it('builds UI links that open on this server', async () => {
    const link = mlflow.runLink({ experimentId: seed.churnId, runId: seed.runs.baseline.runId });
    expect(link).toBe(
      `${server.url}/#/experiments/${seed.churnId}/runs/${seed.runs.baseline.runId}`,
    );
    const res = await fetch(link.replace(/#.*$/, ''));
    expect(res.status).toBe(200);
  });
});
