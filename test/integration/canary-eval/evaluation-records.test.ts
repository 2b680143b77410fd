import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpMlflowService } from '../../../src/services/mlflow/http-mlflow-service';
import { CANARY_CRITERIA } from '../../../src/workflows/canary-eval/canary-verdict';
import {
  EVAL_TABLE_ARTIFACT,
  EvaluationRecords,
  TAG_DEPLOY_RUNS,
  type EvaluationRecordInput,
} from '../../../src/workflows/canary-eval/evaluation-records';
import { cardOf, cardText, startHarness } from '../../support/bot-harness';
import {
  MLFLOW_SETUP_TIMEOUT_MS,
  startMlflowServer,
  type MlflowTestServer,
} from '../../support/mlflow-server';

// Each canary evaluation is an MLflow run on a real MLflow server: both entities' metrics, the
// per-case table as log_table writes it, tags linking the deployments; `run <id>` shows it.

let server: MlflowTestServer;
beforeAll(async () => {
  server = await startMlflowServer();
}, MLFLOW_SETUP_TIMEOUT_MS);
afterAll(async () => {
  await server?.stop();
});

const stats = (p95: number, errorRate: number) => ({
  requests: 1000,
  p95LatencyMs: p95,
  errorRate,
  filterRate: 0,
  meanCompletionTokens: 98.5,
  finishReasons: { stop: 1 },
});

const input: EvaluationRecordInput = {
  operationId: 'op-canary-eval-1',
  endpoint: 'chat-endpoint',
  current: 'gpt4o-v1',
  candidate: 'gpt4o-v2',
  suite: 'smoke',
  requester: 'user-1',
  startTime: Date.parse('2026-12-06T21:00:00Z'),
  endTime: Date.parse('2026-12-06T21:01:00Z'),
  window: { from: Date.parse('2026-12-06T20:00:00Z'), to: Date.parse('2026-12-06T21:00:00Z') },
  passRates: { current: 1, candidate: 0.5 },
  stats: { current: stats(400, 0.01), candidate: stats(640, 0.05) },
  verdict: {
    decision: 'rollback',
    criteria: [{ criterion: 'pass_rate', met: false, current: 1, candidate: 0.5, limit: 1 }],
  },
  policy: {
    criteria: CANARY_CRITERIA,
    passRateTolerance: 0,
    latencyTolerance: 0.1,
    errorRateTolerance: 0.01,
    filterRateTolerance: 0.01,
  },
  cases: [
    {
      caseId: 'capital',
      entity: 'current',
      servedEntity: 'gpt4o-v1',
      status: 'pass',
      reasons: [],
      latencyMs: 410,
      tokens: 40,
    },
    {
      caseId: 'capital',
      entity: 'candidate',
      servedEntity: 'gpt4o-v2',
      status: 'fail',
      reasons: ['llm-rubric: names the wrong city'],
      latencyMs: 650,
      tokens: 44,
    },
  ],
  deployRunIds: ['run-deploy-current', 'run-deploy-candidate'],
};

describe('canary evaluation runs in MLflow', () => {
  it('records metrics, tags and the case table once per operation, and `run <id>` shows them', async () => {
    const mlflow = new HttpMlflowService({ baseUrl: server.url });
    const records = new EvaluationRecords(mlflow, `canary-eval-${process.pid}`);
    const first = await records.record(input);
    // A resumed evaluation records again: the same run, not a second one.
    const again = await records.record(input);
    expect(again.runId).toBe(first.runId);
    expect(first.artifact).toBe(true);

    const run = await mlflow.getRun(first.runId);
    expect(run.info.status).toBe('FINISHED');
    const metrics = Object.fromEntries(run.metrics.map((m) => [m.key, m.value]));
    expect(metrics).toMatchObject({
      pass_rate_current: 1,
      pass_rate_candidate: 0.5,
      p95_latency_ms_current: 400,
      p95_latency_ms_candidate: 640,
      error_rate_candidate: 0.05,
      criteria_failed: 1,
    });
    const tag = (k: string) => run.tags.find((t) => t.key === k)?.value;
    expect(tag(TAG_DEPLOY_RUNS)).toBe('run-deploy-current,run-deploy-candidate');
    expect(tag('canary_verdict')).toBe('rollback');
    expect(run.params.find((p) => p.key === 'candidate_entity')?.value).toBe('gpt4o-v2');

    const uri = run.info.artifactUri?.replace(/^mlflow-artifacts:\/+/, '') ?? '';
    const res = await fetch(
      `${server.url}/api/2.0/mlflow-artifacts/artifacts/${uri}/${EVAL_TABLE_ARTIFACT}`,
    );
    const table = (await res.json()) as { columns: string[]; data: unknown[][] };
    expect(table.columns).toEqual([
      'case_id',
      'entity',
      'served_entity',
      'status',
      'reasons',
      'latency_ms',
      'tokens',
    ]);
    expect(table.data[1]).toEqual([
      'capital',
      'candidate',
      'gpt4o-v2',
      'fail',
      'llm-rubric: names the wrong city',
      650,
      44,
    ]);

    const h = await startHarness({ env: { MLFLOW_TRACKING_URI: server.url } });
    try {
      const before = h.connector.requests.length;
      await h.send(h.a.personal(`run ${first.runId}`));
      const reply = (await h.connector.waitFor(before + 1))[before]?.body;
      const text = cardText(cardOf(reply));
      expect(text).toContain('canary evaluation chat-endpoint');
      expect(text).toContain('pass_rate_candidate');
      expect(text).toContain('run-deploy-current,run-deploy-candidate');
      expect(text).toContain(EVAL_TABLE_ARTIFACT);
    } finally {
      await h.stop();
    }
  }, 120_000);
});
