import { HttpMlflowService } from '../../src/services/mlflow/http-mlflow-service';
import type { MlflowService } from '../../src/services/mlflow/mlflow-service';
import type { MetricPoint, RunStatus } from '../../src/services/mlflow/mlflow-types';

const HOUR = 3_600_000;

export interface SeededRun {
  runId: string;
  name: string;
}

/** What `seedMlflow` created, by name, for assertions. */
export interface MlflowSeed {
  churnId: string;
  fraudId: string;
  runs: Record<
    'baseline' | 'xgbTuned' | 'crashed' | 'stopped' | 'live' | 'deleted' | 'fraudA',
    SeededRun
  >;
  /** Start time of the first churn run; the others follow an hour apart. */
  t0: number;
}

/** Raw REST for what the bot itself never does (registry writes, deletes, artifact upload). */
async function rest(base: string, method: string, path: string, body?: unknown): Promise<void> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
}

const history = (key: string, values: number[], t: number): MetricPoint[] =>
  values.map((value, step) => ({ key, value, step, timestamp: t + step * 1000 }));

interface RunSpec {
  name: string;
  start: number;
  status: RunStatus;
  user: string;
  params: Record<string, string>;
  metrics: MetricPoint[];
  tags?: Record<string, string>;
}

async function makeRun(mlflow: MlflowService, experimentId: string, spec: RunSpec) {
  const run = await mlflow.createRun({
    experimentId,
    runName: spec.name,
    startTime: spec.start,
    tags: [{ key: 'mlflow.user', value: spec.user }],
  });
  const id = run.info.runId;
  await mlflow.logBatch(id, {
    params: Object.entries(spec.params).map(([key, value]) => ({ key, value })),
    metrics: spec.metrics,
    tags: Object.entries(spec.tags ?? {}).map(([key, value]) => ({ key, value })),
  });
  if (spec.status !== 'RUNNING') {
    await mlflow.updateRun(id, { status: spec.status, endTime: spec.start + 20 * 60_000 });
  }
  return { runId: id, name: spec.name };
}

/**
 * Populates a real MLflow server through its REST API: two experiments, runs in every end
 * state plus one still running, metric histories with steps, tags (system and user), a
 * registered model version from one run, an artifact, and a deleted run that would otherwise
 * be the best and the newest.
 */
export async function seedMlflow(url: string): Promise<MlflowSeed> {
  const mlflow = new HttpMlflowService({ baseUrl: url });
  const t0 = Date.now() - 24 * HOUR;
  const churnId = await mlflow.createExperiment('churn-model', { team: 'growth' });
  const fraudId = await mlflow.createExperiment('fraud-detection');
  await mlflow.createExperiment('churn-features');
  const baseline = await makeRun(mlflow, churnId, {
    name: 'baseline',
    start: t0,
    status: 'FINISHED',
    user: 'alice@contoso.com',
    params: { model: 'linear', lr: '0.1', epochs: '10' },
    metrics: [
      ...history('rmse', [2, 1.6, 1.3, 1.15, 1.05, 1, 0.96, 0.93, 0.91, 0.9], t0),
      { key: 'accuracy', value: 0.7, step: 9, timestamp: t0 + 9000 },
    ],
    tags: { team: 'growth', 'mlflow.source.name': 'train.py' },
  });
  const xgbTuned = await makeRun(mlflow, churnId, {
    name: 'xgb-tuned',
    start: t0 + HOUR,
    status: 'FINISHED',
    user: 'bob@contoso.com',
    params: { model: 'xgb', lr: '0.05', epochs: '10', max_depth: '6' },
    metrics: [
      ...history('rmse', [1.5, 1.1, 0.8, 0.65, 0.55, 0.5], t0 + HOUR),
      { key: 'accuracy', value: 0.85, step: 5, timestamp: t0 + HOUR + 5000 },
    ],
  });
  const crashed = await makeRun(mlflow, churnId, {
    name: 'crashed',
    start: t0 + 2 * HOUR,
    status: 'FAILED',
    user: 'alice@contoso.com',
    params: { model: 'xgb', lr: '1.0', epochs: '10' },
    metrics: history('rmse', [3, 2.5], t0 + 2 * HOUR),
  });
  const stopped = await makeRun(mlflow, churnId, {
    name: 'stopped',
    start: t0 + 3 * HOUR,
    status: 'KILLED',
    user: 'bob@contoso.com',
    params: { model: 'linear', lr: '0.2' },
    metrics: history('rmse', [1.9], t0 + 3 * HOUR),
  });
  const live = await makeRun(mlflow, churnId, {
    name: 'live',
    start: t0 + 4 * HOUR,
    status: 'RUNNING',
    user: 'carol@contoso.com',
    params: { model: 'xgb', lr: '0.01' },
    metrics: history('rmse', [1.4, 1.2], t0 + 4 * HOUR),
  });
  const deleted = await makeRun(mlflow, churnId, {
    name: 'deleted-best',
    start: t0 + 5 * HOUR,
    status: 'FINISHED',
    user: 'mallory@contoso.com',
    params: { model: 'secret' },
    metrics: [
      { key: 'rmse', value: 0.01, step: 0, timestamp: t0 + 5 * HOUR },
      { key: 'accuracy', value: 0.99, step: 0, timestamp: t0 + 5 * HOUR },
    ],
  });
  await rest(url, 'POST', '/api/2.0/mlflow/runs/delete', { run_id: deleted.runId });
  const fraudA = await makeRun(mlflow, fraudId, {
    name: 'fraud-a',
    start: t0,
    status: 'FINISHED',
    user: 'dave@contoso.com',
    params: { model: 'forest' },
    metrics: history('auc', [0.8, 0.9], t0),
  });
  await rest(url, 'POST', '/api/2.0/mlflow/registered-models/create', { name: 'churn' });
  await rest(url, 'POST', '/api/2.0/mlflow/model-versions/create', {
    name: 'churn',
    source: `mlflow-artifacts:/${churnId}/${xgbTuned.runId}/artifacts/model`,
    run_id: xgbTuned.runId,
  });
  const artifacts = `/api/2.0/mlflow-artifacts/artifacts/${churnId}/${xgbTuned.runId}/artifacts`;
  await rest(url, 'PUT', `${artifacts}/model/MLmodel`, 'flavors: {}\n');
  await rest(url, 'PUT', `${artifacts}/feature_importance.json`, '{"tenure": 0.4}');
  return {
    churnId,
    fraudId,
    t0,
    runs: { baseline, xgbTuned, crashed, stopped, live, deleted, fraudA },
  };
}
