import type { MlflowService } from '../../services/mlflow/mlflow-service';
import type { KeyValue, MetricPoint } from '../../services/mlflow/mlflow-types';
import { ensureExperiment } from '../prompting/ensure-experiment';
import type { CanaryPolicy, CanaryVerdict } from './canary-verdict';
import type { EntityStats } from './entity-comparison';

/** One suite case on one entity, a row of the evaluation table. */
export interface EvaluationCaseRow {
  readonly caseId: string;
  readonly entity: 'current' | 'candidate';
  readonly servedEntity: string;
  readonly status: string;
  readonly reasons: readonly string[];
  readonly latencyMs: number;
  readonly tokens: number;
}

export interface EvaluationRecordInput {
  readonly operationId: string;
  readonly endpoint: string;
  readonly current: string;
  readonly candidate: string;
  readonly suite: string | undefined;
  readonly requester: string;
  readonly startTime: number;
  readonly endTime: number;
  readonly window: { readonly from: number; readonly to: number };
  readonly passRates: { readonly current: number | null; readonly candidate: number | null };
  readonly stats: { readonly current: EntityStats; readonly candidate: EntityStats };
  readonly verdict: CanaryVerdict;
  readonly policy: CanaryPolicy;
  readonly cases: readonly EvaluationCaseRow[];
  /** MLflow runs of the deployments that put the two entities there. */
  readonly deployRunIds: readonly string[];
}

/** mlflow.log_table's file name and the tag that makes the MLflow UI show it as a table. */
export const EVAL_TABLE_ARTIFACT = 'eval_results_table.json';
const TAG_KIND = 'llmops_kind';
const TAG_ENDPOINT = 'llmops_endpoint';
const TAG_OPERATION = 'llmops_operation_id';
export const TAG_DEPLOY_RUNS = 'llmops.deploy_run_ids';
const quote = (s: string) => `'${s.replace(/'/g, '')}'`;
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * The per-case table in mlflow.log_table's JSON shape (pandas "split": columns and rows), so
 * `mlflow.load_table` and the UI's evaluation view read it as MLflow wrote it.
 */
export function evaluationTable(cases: readonly EvaluationCaseRow[]): {
  columns: string[];
  data: (string | number)[][];
} {
  return {
    columns: ['case_id', 'entity', 'served_entity', 'status', 'reasons', 'latency_ms', 'tokens'],
    data: cases.map((c) => [
      c.caseId,
      c.entity,
      c.servedEntity,
      c.status,
      c.reasons.join('; '),
      c.latencyMs,
      c.tokens,
    ]),
  };
}

/** Both entities' numbers as `<metric>_current` / `<metric>_candidate`; unknown ones left out. */
export function evaluationMetrics(input: EvaluationRecordInput, at: number): MetricPoint[] {
  const out: MetricPoint[] = [];
  const put = (key: string, value: number | null) => {
    if (value !== null && Number.isFinite(value)) out.push({ key, value, timestamp: at, step: 0 });
  };
  for (const side of ['current', 'candidate'] as const) {
    const s = input.stats[side];
    put(`pass_rate_${side}`, input.passRates[side]);
    put(`p95_latency_ms_${side}`, s.p95LatencyMs);
    put(`error_rate_${side}`, s.errorRate);
    put(`filter_rate_${side}`, s.filterRate);
    put(`requests_${side}`, s.requests);
    put(`mean_completion_tokens_${side}`, s.meanCompletionTokens);
  }
  const drift = input.verdict.criteria.find((c) => c.criterion === 'token_drift');
  if (drift) put('token_drift_features', drift.drifted?.length ?? null);
  put('criteria_failed', input.verdict.criteria.filter((c) => c.met === false).length);
  return out;
}

/**
 * Canary evaluations in MLflow, in the deployments' experiment: one run per evaluation with
 * both entities' metrics, the policy as params, the verdict and the deployment runs as tags,
 * and the per-case table as an artifact where the server accepts uploads.
 */
export class EvaluationRecords {
  private experimentId: string | undefined;

  constructor(
    readonly mlflow: MlflowService,
    readonly experimentName: string,
  ) {}

  /** Writes the run; idempotent per operation (a resumed evaluation finds its earlier run). */
  async record(
    input: EvaluationRecordInput,
  ): Promise<{ runId: string; link: string; artifact: boolean }> {
    this.experimentId ??= await ensureExperiment(this.mlflow, this.experimentName);
    const experimentId = this.experimentId;
    const existing = await this.mlflow.searchRuns({
      experimentIds: [experimentId],
      filter: `tags.${TAG_OPERATION} = ${quote(input.operationId)}`,
      maxResults: 1,
    });
    const tags: KeyValue[] = [
      { key: TAG_KIND, value: 'canary-evaluation' },
      { key: TAG_ENDPOINT, value: input.endpoint },
      { key: TAG_OPERATION, value: input.operationId },
      { key: TAG_DEPLOY_RUNS, value: clip(input.deployRunIds.join(','), 240) || 'unknown' },
      { key: 'canary_verdict', value: input.verdict.decision },
      { key: 'requester', value: input.requester },
      { key: 'mlflow.user', value: input.requester },
      {
        key: 'mlflow.loggedArtifacts',
        value: JSON.stringify([{ path: EVAL_TABLE_ARTIFACT, type: 'table' }]),
      },
    ];
    const run =
      existing.items[0] ??
      (await this.mlflow.createRun({
        experimentId,
        runName: `canary evaluation ${input.endpoint}`,
        startTime: input.startTime,
        tags,
      }));
    if (!existing.items[0]) {
      const p = input.policy;
      await this.mlflow.logBatch(run.info.runId, {
        params: [
          { key: 'endpoint', value: input.endpoint },
          { key: 'current_entity', value: input.current },
          { key: 'candidate_entity', value: input.candidate },
          { key: 'suite', value: input.suite ?? 'none' },
          { key: 'window_from', value: new Date(input.window.from).toISOString() },
          { key: 'window_to', value: new Date(input.window.to).toISOString() },
          { key: 'criteria', value: p.criteria.join(',') },
          { key: 'pass_rate_tolerance', value: String(p.passRateTolerance) },
          { key: 'latency_tolerance', value: String(p.latencyTolerance) },
          { key: 'error_rate_tolerance', value: String(p.errorRateTolerance) },
          { key: 'filter_rate_tolerance', value: String(p.filterRateTolerance) },
        ],
        metrics: evaluationMetrics(input, input.endTime),
      });
    }
    const artifact = await this.mlflow.logJsonArtifact(
      run.info,
      EVAL_TABLE_ARTIFACT,
      evaluationTable(input.cases),
    );
    await this.mlflow.updateRun(run.info.runId, { status: 'FINISHED', endTime: input.endTime });
    return {
      runId: run.info.runId,
      link: this.mlflow.runLink({ experimentId, runId: run.info.runId }),
      artifact,
    };
  }
}
