import type { RunCompareView } from '../cards/run-compare-card';
import type { RunMetricRow, RunView } from '../cards/run-card';
import type { RunRow, RunsView } from '../cards/runs-card';
import { ServiceError } from '../services/errors';
import type { MlflowService } from '../services/mlflow/mlflow-service';
import {
  commonMetrics,
  configuredKeyMetrics,
  metricDirection,
  type MlflowSettings,
} from '../services/mlflow/mlflow-settings';
import type { MlflowExperiment, MlflowRun } from '../services/mlflow/mlflow-types';
import { bestRuns } from './mlflow-lookup';

/** Runs per card page: readable on a phone, one search call each. */
export const RUNS_PAGE_SIZE = 10;
/** How many metrics get a "vs best" lookup: each costs one search call. */
const BEST_LOOKUPS = 6;
const HISTORY_POINTS = 5000;

function duration(run: MlflowRun, now: number): number | undefined {
  const { startTime, endTime, status } = run.info;
  if (startTime === undefined) return undefined;
  if (endTime !== undefined && endTime > 0) return endTime - startTime;
  return status === 'RUNNING' ? now - startTime : undefined;
}

const userOf = (run: MlflowRun) => run.info.userId;

/** Which page of which filter; `now` makes durations of running runs testable. */
export interface RunsPageRequest {
  filter: string | undefined;
  pageToken: string | undefined;
  page: number;
  now: number;
}

/** One search call: the page of runs, newest first, with the experiment's key metrics. */
export async function runsView(
  mlflow: MlflowService,
  settings: MlflowSettings,
  experiment: MlflowExperiment,
  req: RunsPageRequest,
): Promise<RunsView> {
  const page = await mlflow.searchRuns({
    experimentIds: [experiment.experimentId],
    maxResults: RUNS_PAGE_SIZE,
    orderBy: ['attributes.start_time DESC'],
    ...(req.filter ? { filter: req.filter } : {}),
    ...(req.pageToken ? { pageToken: req.pageToken } : {}),
  });
  const keyMetrics = [
    ...(configuredKeyMetrics(settings, experiment) ?? commonMetrics(page.items, 4)),
  ];
  const rows: RunRow[] = page.items.map((run) => ({
    runId: run.info.runId,
    name: run.info.runName,
    status: run.info.status,
    startTime: run.info.startTime,
    durationMs: duration(run, req.now),
    user: userOf(run),
    metrics: Object.fromEntries(
      run.metrics.filter((m) => keyMetrics.includes(m.key)).map((m) => [m.key, m.value]),
    ),
  }));
  return {
    experimentId: experiment.experimentId,
    experimentName: experiment.name,
    experimentLink: mlflow.experimentLink(experiment.experimentId),
    filter: req.filter,
    keyMetrics,
    rows,
    page: req.page,
    pageSize: RUNS_PAGE_SIZE,
    nextPageToken: page.nextPageToken,
  };
}

/** Lists that decorate a card but must not sink it when the server lacks the feature. */
async function optional<T>(fn: () => Promise<T[]>): Promise<T[]> {
  try {
    return await fn();
  } catch (err) {
    if (
      err instanceof ServiceError &&
      (err.reason === 'not-found' || err.reason === 'bad-request')
    ) {
      return [];
    }
    throw err;
  }
}

/**
 * Configured key metrics the run has, then the rest by name. Without configuration the main
 * (first) metric is the one with the longest history, preferring loss-like names on a tie:
 * that is the training curve people want charted.
 */
function orderedMetricKeys(
  run: MlflowRun,
  configured: readonly string[] | undefined,
  settings: MlflowSettings,
): string[] {
  const keys = [...new Set(run.metrics.map((m) => m.key))].sort((a, b) => a.localeCompare(b));
  const first = (configured ?? []).filter((k) => keys.includes(k));
  if (first.length === 0) {
    const steps = new Map(run.metrics.map((m) => [m.key, m.step]));
    const lower = (k: string) => (metricDirection(settings, k) === 'lower' ? 0 : 1);
    const main = [...keys].sort(
      (a, b) => (steps.get(b) ?? 0) - (steps.get(a) ?? 0) || lower(a) - lower(b),
    )[0];
    if (main !== undefined) first.push(main);
  }
  return [...first, ...keys.filter((k) => !first.includes(k))];
}

/** Everything the run card shows, fetched in parallel after the run itself. */
export async function runView(
  mlflow: MlflowService,
  settings: MlflowSettings,
  run: MlflowRun,
  now: number,
): Promise<RunView> {
  const { runId, experimentId } = run.info;
  const experiment = await mlflow.getExperiment(experimentId);
  const keys = orderedMetricKeys(run, configuredKeyMetrics(settings, experiment), settings);
  const main = keys[0];
  const [history, modelVersions, artifacts, best] = await Promise.all([
    main ? mlflow.getMetricHistory(runId, main, HISTORY_POINTS) : Promise.resolve([]),
    optional(() => mlflow.modelVersionsForRun(runId)),
    optional(() => mlflow.listArtifacts(runId)),
    bestRuns(mlflow, settings, experimentId, keys.slice(0, BEST_LOOKUPS)),
  ]);
  const latest = new Map(run.metrics.map((m) => [m.key, m.value]));
  const metrics: RunMetricRow[] = keys.map((key) => {
    const b = best.get(key);
    return {
      key,
      value: latest.get(key) ?? NaN,
      direction: metricDirection(settings, key),
      best: b ? { value: b.value, runId: b.runId, runName: b.runName } : undefined,
    };
  });
  const mainBest = main ? best.get(main) : undefined;
  return {
    runId,
    name: run.info.runName,
    status: run.info.status,
    experimentName: experiment.name,
    startTime: run.info.startTime,
    endTime: run.info.endTime || undefined,
    durationMs: duration(run, now),
    user: userOf(run),
    link: mlflow.runLink({ experimentId, runId }),
    params: [...run.params].sort((a, b) => a.key.localeCompare(b.key)),
    metrics,
    tags: run.tags
      .filter((t) => !t.key.startsWith('mlflow.'))
      .sort((a, b) => a.key.localeCompare(b.key)),
    history: main
      ? { key: main, points: history.map((p) => ({ step: p.step, value: p.value })) }
      : undefined,
    modelVersions: modelVersions.map((v) => ({
      name: v.name,
      version: v.version,
      status: v.status,
      aliases: v.aliases,
    })),
    artifacts,
    compareWith:
      main && mainBest && mainBest.runId !== runId
        ? { runId: mainBest.runId, metric: main }
        : undefined,
  };
}

/** Params that differ and every metric either run has, B − A. */
export function compareView(
  mlflow: MlflowService,
  settings: MlflowSettings,
  a: MlflowRun,
  b: MlflowRun,
): RunCompareView {
  const side = (r: MlflowRun) => ({
    runId: r.info.runId,
    name: r.info.runName,
    status: r.info.status,
    link: mlflow.runLink(r.info),
  });
  const pa = new Map(a.params.map((p) => [p.key, p.value]));
  const pb = new Map(b.params.map((p) => [p.key, p.value]));
  const paramKeys = [...new Set([...pa.keys(), ...pb.keys()])].sort((x, y) => x.localeCompare(y));
  const paramDiffs = paramKeys
    .filter((k) => pa.get(k) !== pb.get(k))
    .map((k) => ({ key: k, a: pa.get(k), b: pb.get(k) }));
  const ma = new Map(a.metrics.map((m) => [m.key, m.value]));
  const mb = new Map(b.metrics.map((m) => [m.key, m.value]));
  const metricKeys = [...new Set([...ma.keys(), ...mb.keys()])].sort((x, y) => x.localeCompare(y));
  return {
    a: side(a),
    b: side(b),
    paramDiffs,
    sameParams: paramKeys.length - paramDiffs.length,
    metrics: metricKeys.map((key) => ({
      key,
      a: ma.get(key),
      b: mb.get(key),
      direction: metricDirection(settings, key),
    })),
  };
}
