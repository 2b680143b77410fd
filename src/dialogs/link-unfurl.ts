import {
  buildEndpointUnfurl,
  buildExperimentUnfurl,
  buildRunUnfurl,
  type RunUnfurlView,
  type Unfurl,
} from '../cards/unfurl-card';
import type { Lang } from '../chat/i18n';
import type { MlflowService } from '../services/mlflow/mlflow-service';
import {
  configuredKeyMetrics,
  DEFAULT_MLFLOW_SETTINGS,
  type MlflowSettings,
} from '../services/mlflow/mlflow-settings';
import type { MlflowExperiment, MlflowRun } from '../services/mlflow/mlflow-types';
import type { DialogServices } from './dialog-services';
import { parseLinkTarget, type LinkTarget } from './link-target';
import { resolveExperiment } from './mlflow-lookup';
import { splitRunsArgs } from './runs';

/** Who asks: an anonymous (zero-install) unfurl sees names and states only. */
export interface UnfurlRequest {
  anonymous: boolean;
  /** When the data is read; the card shows it because Teams caches the card for 30 minutes. */
  now: number;
  /** The language of the person who pasted the link (the invoke's locale); English by default. */
  lang?: Lang;
}

/** Compose-box search results: one search page, newest first. */
const SEARCH_RESULTS = 10;

function ordered(run: MlflowRun, settings: MlflowSettings, experiment: MlflowExperiment) {
  const configured = configuredKeyMetrics(settings, experiment) ?? [];
  const latest = [...run.metrics].sort((a, b) => a.key.localeCompare(b.key));
  return [
    ...configured.flatMap((k) => latest.filter((m) => m.key === k)),
    ...latest.filter((m) => !configured.includes(m.key)),
  ].map((m) => ({ key: m.key, value: m.value }));
}

function runUnfurlView(
  mlflow: MlflowService,
  settings: MlflowSettings,
  run: MlflowRun,
  experiment: MlflowExperiment,
  now: number,
): RunUnfurlView {
  const { startTime, endTime, status } = run.info;
  const end =
    endTime !== undefined && endTime > 0 ? endTime : status === 'RUNNING' ? now : undefined;
  return {
    runId: run.info.runId,
    name: run.info.runName,
    status,
    experimentName: experiment.name,
    startTime,
    durationMs: startTime !== undefined && end !== undefined ? end - startTime : undefined,
    user: run.info.userId,
    link: mlflow.runLink(run.info),
    metrics: ordered(run, settings, experiment),
    params: [...run.params].sort((a, b) => a.key.localeCompare(b.key)),
  };
}

async function unfurlTarget(
  services: DialogServices,
  target: LinkTarget,
  url: string,
  req: UnfurlRequest,
): Promise<Unfurl | undefined> {
  const { mlflow } = services;
  const settings = services.mlflowSettings ?? DEFAULT_MLFLOW_SETTINGS;
  if (target.kind === 'endpoint') {
    const deploy = services.deploy;
    const endpoint = await deploy?.serving.get(target.name);
    if (!deploy || !endpoint) return undefined;
    const [last] = (await deploy.records?.history(endpoint.name, 1).catch(() => [])) ?? [];
    const view = {
      name: endpoint.name,
      state: endpoint.ready,
      configUpdate: endpoint.configUpdate,
      configVersion: endpoint.configVersion,
      served: endpoint.served.map((s) => ({
        entityName: s.entityName,
        modelName: s.modelName,
        deploymentState: s.deploymentState,
      })),
      lastDeploy: last && {
        startTime: last.startTime,
        status: last.status,
        requester: last.requester,
        link: last.link,
      },
      link: url,
    };
    return buildEndpointUnfurl(view, req.now, req.anonymous, req.lang);
  }
  if (!mlflow) return undefined;
  if (target.kind === 'run') {
    const run = await mlflow.getRun(target.runId);
    if (run.info.lifecycleStage === 'deleted') return undefined;
    const experiment = await mlflow.getExperiment(run.info.experimentId);
    const view = runUnfurlView(mlflow, settings, run, experiment, req.now);
    return buildRunUnfurl(view, req.now, req.anonymous, req.lang);
  }
  const experiment = await mlflow.getExperiment(target.experimentId);
  if (experiment.lifecycleStage === 'deleted') return undefined;
  const page = await mlflow.searchRuns({
    experimentIds: [experiment.experimentId],
    orderBy: ['attributes.start_time DESC'],
    maxResults: 5,
  });
  const main = configuredKeyMetrics(settings, experiment)?.[0];
  const view = {
    experimentId: experiment.experimentId,
    name: experiment.name,
    link: mlflow.experimentLink(experiment.experimentId),
    runs: page.items.map((run) => {
      const metric = run.metrics.find((m) => m.key === main) ?? run.metrics[0];
      return {
        runId: run.info.runId,
        name: run.info.runName,
        status: run.info.status,
        ...(metric ? { metric: { key: metric.key, value: metric.value } } : {}),
      };
    }),
  };
  return buildExperimentUnfurl(view, req.now, req.anonymous, req.lang);
}

/**
 * The card for a pasted link, or undefined: unfurling off, a foreign host, a page we do not
 * know, or anything that fails to read (deleted, no permission, server down). A failure must
 * never put an error card into somebody's compose box, so it is returned as "no card" and the
 * reason goes to `onError` for the log.
 */
export async function unfurlLink(
  services: DialogServices,
  url: string,
  req: UnfurlRequest,
  onError: (err: unknown) => void,
): Promise<Unfurl | undefined> {
  if (!services.unfurl?.enabled) return undefined;
  const target = parseLinkTarget(url, services.unfurl.domains);
  if (!target) return undefined;
  try {
    return await unfurlTarget(services, target, url, req);
  } catch (err) {
    onError(err);
    return undefined;
  }
}

/**
 * Compose-box search: `[experiment] [MLflow filter]` as `runs` reads it, the default experiment
 * when only a filter (or nothing) is typed. No match and every failure give no results.
 */
export async function searchRunUnfurls(
  services: DialogServices,
  query: string,
  now: number,
  onError: (err: unknown) => void,
  lang: Lang = 'en',
): Promise<Unfurl[]> {
  const { mlflow } = services;
  if (!services.unfurl?.enabled || !mlflow) return [];
  const settings = services.mlflowSettings ?? DEFAULT_MLFLOW_SETTINGS;
  const { experiment: named, filter } = splitRunsArgs(query);
  const ref = named ?? settings.defaultExperiment;
  if (!ref) return [];
  try {
    const found = await resolveExperiment(mlflow, ref);
    if (!found.ok) return [];
    const page = await mlflow.searchRuns({
      experimentIds: [found.value.experimentId],
      orderBy: ['attributes.start_time DESC'],
      maxResults: SEARCH_RESULTS,
      ...(filter ? { filter } : {}),
    });
    return page.items.map((run) =>
      buildRunUnfurl(runUnfurlView(mlflow, settings, run, found.value, now), now, false, lang),
    );
  } catch (err) {
    onError(err);
    return [];
  }
}
