import type { MlflowService } from '../../services/mlflow/mlflow-service';
import type { KeyValue, MlflowRun, RunStatus } from '../../services/mlflow/mlflow-types';
import { ensureExperiment } from '../prompting/ensure-experiment';

/** What a deployment served: enough to rebuild the endpoint config for a rollback. */
export interface DeployedModel {
  endpoint: string;
  modelName: string;
  modelVersion?: string | undefined;
  apiBase: string;
  deploymentName: string;
  apiVersion: string;
  temperature: number;
  maxTokens?: number | undefined;
}

/** One finished deployment, as `record` writes it. */
export interface DeploymentRecordInput {
  operationId: string;
  model: DeployedModel;
  status: Extract<RunStatus, 'FINISHED' | 'FAILED'>;
  requester: string;
  environment: string;
  previousConfigVersion: number | undefined;
  configVersion: number | undefined;
  startTime: number;
  endTime: number;
  error?: string | undefined;
  rollbackOf?: string | undefined;
  /** A canary step: `start` (candidate next to current), `promote` or `rollback`; tagged `canary`. */
  canary?: string | undefined;
  /** The endpoint config (secret references only), uploaded as endpoint-config.json. */
  endpointConfig: unknown;
}

/** A deployment as read back from MLflow. */
export interface DeploymentRecord {
  runId: string;
  experimentId: string;
  status: RunStatus;
  startTime: number | undefined;
  configVersion: number | undefined;
  requester: string | undefined;
  model: DeployedModel;
  link: string;
}

export const CONFIG_ARTIFACT = 'endpoint-config.json';
const TAG_KIND = 'llmops_kind';
const TAG_ENDPOINT = 'llmops_endpoint';
const TAG_OPERATION = 'llmops_operation_id';
const quote = (s: string) => `'${s.replace(/'/g, '')}'`;
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * Deployment history in MLflow: one run per deployment with params (model, version, endpoint,
 * api version, temperature), tags (requester, environment, previous config version) and the
 * endpoint config as an artifact where the server accepts uploads. `rollback` reads it back.
 */
export class DeploymentRecords {
  private experimentId: string | undefined;

  constructor(
    readonly mlflow: MlflowService,
    readonly experimentName: string,
  ) {}

  async experiment(): Promise<string> {
    this.experimentId ??= await ensureExperiment(this.mlflow, this.experimentName);
    return this.experimentId;
  }

  /** Writes the run; idempotent per operation (a retried step finds its earlier run). */
  async record(
    input: DeploymentRecordInput,
  ): Promise<{ runId: string; link: string; artifact: boolean }> {
    const experimentId = await this.experiment();
    const existing = await this.mlflow.searchRuns({
      experimentIds: [experimentId],
      filter: `tags.${TAG_OPERATION} = ${quote(input.operationId)}`,
      maxResults: 1,
    });
    const m = input.model;
    const tags: KeyValue[] = [
      { key: TAG_KIND, value: 'deployment' },
      { key: TAG_ENDPOINT, value: m.endpoint },
      { key: TAG_OPERATION, value: input.operationId },
      { key: 'requester', value: input.requester },
      { key: 'mlflow.user', value: input.requester },
      { key: 'environment', value: input.environment },
      { key: 'previous_config_version', value: String(input.previousConfigVersion ?? 'none') },
      { key: 'config_version', value: String(input.configVersion ?? 'none') },
      ...(input.rollbackOf ? [{ key: 'rollback_of', value: input.rollbackOf }] : []),
      ...(input.canary ? [{ key: 'canary', value: input.canary }] : []),
      ...(input.error ? [{ key: 'error', value: clip(input.error, 240) }] : []),
    ];
    const run =
      existing.items[0] ??
      (await this.mlflow.createRun({
        experimentId,
        runName: `${input.canary ? `canary ${input.canary}` : input.rollbackOf ? 'rollback' : 'deploy'} ${m.endpoint}`,
        startTime: input.startTime,
        tags,
      }));
    if (!existing.items[0]) {
      await this.mlflow.logBatch(run.info.runId, {
        params: [
          { key: 'model', value: m.modelName },
          { key: 'version', value: m.modelVersion ?? 'unknown' },
          { key: 'endpoint', value: m.endpoint },
          { key: 'api_version', value: m.apiVersion },
          { key: 'deployment', value: m.deploymentName },
          { key: 'api_base', value: m.apiBase },
          { key: 'temperature', value: String(m.temperature) },
          ...(m.maxTokens !== undefined ? [{ key: 'max_tokens', value: String(m.maxTokens) }] : []),
        ],
      });
    }
    const artifact = await this.mlflow.logJsonArtifact(
      run.info,
      CONFIG_ARTIFACT,
      input.endpointConfig,
    );
    await this.mlflow.updateRun(run.info.runId, { status: input.status, endTime: input.endTime });
    return {
      runId: run.info.runId,
      link: this.mlflow.runLink({ experimentId, runId: run.info.runId }),
      artifact,
    };
  }

  /** Deployments of one endpoint, newest first. */
  async history(endpoint: string, limit = 20): Promise<DeploymentRecord[]> {
    const experimentId = await this.experiment();
    const page = await this.mlflow.searchRuns({
      experimentIds: [experimentId],
      filter: `tags.${TAG_KIND} = 'deployment' AND tags.${TAG_ENDPOINT} = ${quote(endpoint)}`,
      orderBy: ['attributes.start_time DESC'],
      maxResults: limit,
    });
    return page.items.map((run) => this.fromRun(run, endpoint));
  }

  private fromRun(run: MlflowRun, endpoint: string): DeploymentRecord {
    const p = (k: string) => run.params.find((x) => x.key === k)?.value;
    const t = (k: string) => run.tags.find((x) => x.key === k)?.value;
    const version = Number(t('config_version'));
    const temperature = Number(p('temperature'));
    const maxTokens = Number(p('max_tokens') ?? NaN);
    return {
      runId: run.info.runId,
      experimentId: run.info.experimentId,
      status: run.info.status,
      startTime: run.info.startTime,
      configVersion: Number.isFinite(version) ? version : undefined,
      requester: t('requester'),
      link: this.mlflow.runLink(run.info),
      model: {
        endpoint: p('endpoint') ?? endpoint,
        modelName: p('model') ?? '',
        modelVersion: p('version') === 'unknown' ? undefined : p('version'),
        apiBase: p('api_base') ?? '',
        deploymentName: p('deployment') ?? '',
        apiVersion: p('api_version') ?? '',
        temperature: Number.isFinite(temperature) ? temperature : 1,
        ...(Number.isInteger(maxTokens) ? { maxTokens } : {}),
      },
    };
  }
}

/** Same served model (what a rollback would change), ignoring bookkeeping fields. */
export function sameModel(a: DeployedModel, b: DeployedModel): boolean {
  return (
    a.modelName === b.modelName &&
    a.modelVersion === b.modelVersion &&
    a.apiBase === b.apiBase &&
    a.deploymentName === b.deploymentName &&
    a.apiVersion === b.apiVersion &&
    a.temperature === b.temperature &&
    a.maxTokens === b.maxTokens
  );
}

/**
 * The rollback pair: the newest successful deployment (what runs now) and the newest earlier
 * successful one that served something different. Undefined when there is nothing to go back to.
 */
export function rollbackPair(
  history: readonly DeploymentRecord[],
): { current: DeploymentRecord; previous: DeploymentRecord } | undefined {
  const ok = history.filter((r) => r.status === 'FINISHED');
  const current = ok[0];
  const previous = current ? ok.find((r) => !sameModel(r.model, current.model)) : undefined;
  return current && previous ? { current, previous } : undefined;
}
