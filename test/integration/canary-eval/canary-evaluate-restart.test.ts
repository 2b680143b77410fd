import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { canaryEvaluationOperationView } from '../../../src/cards/canary-evaluation-view';
import { plannedSteps } from '../../../src/platform/operations/operation';
import { registerKind } from '../../../src/platform/operations/registered-kind';
import { startOperation } from '../../../src/platform/operations/start-operation';
import { DatabricksAuth } from '../../../src/services/databricks/databricks-auth';
import { createDatabricksHttp } from '../../../src/services/databricks/databricks-client';
import { HttpSqlStatements } from '../../../src/services/databricks/sql-statements';
import type { LlmResult } from '../../../src/services/llm/llm-service';
import { HttpMlflowService } from '../../../src/services/mlflow/http-mlflow-service';
import { CANARY_CRITERIA } from '../../../src/workflows/canary-eval/canary-verdict';
import { loadEntityWindows } from '../../../src/workflows/canary-eval/entity-windows';
import {
  canaryEvaluateOperation,
  type CanaryEvaluateDeps,
  type CanaryEvaluateParams,
} from '../../../src/workflows/canary-eval/evaluate-operation';
import { EvaluationRecords } from '../../../src/workflows/canary-eval/evaluation-records';
import { DatabricksWindowSource } from '../../../src/workflows/drift-monitor/databricks-window-source';
import { runSuite } from '../../../src/workflows/prompting/suite-runner';
import { FakeDatabricks } from '../../fakes/fake-databricks/fake-databricks';
import { installSql } from '../../fakes/fake-databricks/sql';
import {
  MLFLOW_SETUP_TIMEOUT_MS,
  startMlflowServer,
  type MlflowTestServer,
} from '../../support/mlflow-server';
import { openTestStore, type TestStore } from '../../support/test-store';
import {
  close,
  closeRigs,
  ona,
  rig,
  SlowResource,
  until,
} from '../platform/operations/operation-rig';

// The evaluation as an operation on the runner: stopped in the middle (the candidate's suite in
// flight), restarted on the same store, it resumes at the step it was in and ends with one card,
// one MLflow run and one applied verdict.

let mlflowServer: MlflowTestServer;
let fake: FakeDatabricks;
let t: TestStore;
beforeAll(async () => {
  mlflowServer = await startMlflowServer();
  fake = new FakeDatabricks();
  // The warehouse's counted answer per entity: the candidate is slower and fails 10 %.
  installSql(fake, {
    answer: (statement, params) => {
      const slow = params.entity === 'gpt4o-v2';
      if (statement.includes('bin_width')) {
        const rows: (string | null)[][] = [];
        for (let v = 0; v < 50; v++) {
          rows.push(['latency_ms', `${(slow ? 600 : 300) + v}.0`, '10', '0.0']);
          rows.push(['completion_tokens', `${80 + v}.0`, '10', '0.0']);
        }
        return { columns: [], rows };
      }
      return {
        columns: [],
        rows: [
          ['status', 'ok', slow ? '450' : '500'],
          ...(slow ? [['status', 'error', '50']] : []),
          ['finish_reason', 'stop', slow ? '450' : '500'],
          ['content_filter', 'no', '500'],
        ],
      };
    },
  });
  await fake.start();
}, MLFLOW_SETUP_TIMEOUT_MS);
afterAll(async () => {
  await fake?.stop();
  await mlflowServer?.stop();
});
afterEach(async () => {
  await closeRigs();
  await t?.dispose();
});

const SUITE = {
  name: 'capitals',
  cases: [
    { id: 'france', input: 'Capital of France?', assert: [{ contains: 'Paris' }] },
    { id: 'italy', input: 'Capital of Italy?', assert: [{ contains: 'Rome' }] },
  ],
};

describe('canary-evaluate on the operation runner', () => {
  it('resumes after a stop mid-evaluation: one card, one MLflow run, the verdict applied once', async () => {
    t = await openTestStore('sqlite');
    const sql = new HttpSqlStatements(
      createDatabricksHttp({
        host: fake.url,
        auth: new DatabricksAuth({ host: fake.url, token: 'dapi-test-token' }),
      }),
      { pollIntervalMs: 10, timeoutMs: 10_000 },
    );
    const source = new DatabricksWindowSource({
      sql,
      warehouseId: 'wh',
      tableTemplate: 'ml.serving.{target}_payload',
    });
    const experiment = `canary-restart-${process.pid}`;
    const suiteCalls: string[] = [];
    const applied: string[] = [];
    let gate: (() => void) | undefined;
    let gateStarted: () => void = () => {};
    const candidateStarted = new Promise<void>((started) => {
      gateStarted = started;
    });
    const deps: CanaryEvaluateDeps = {
      runSuite: async (_endpoint, entity) => {
        suiteCalls.push(entity);
        if (entity === 'gpt4o-v2' && suiteCalls.length === 2) {
          gateStarted();
          await new Promise<void>((r) => (gate = r));
        }
        // The candidate forgets Rome: a deterministic regression of that entity.
        const answer = (prompt: string): LlmResult => ({
          status: 'ok',
          text: prompt.includes('France') ? 'Paris' : entity === 'gpt4o-v2' ? 'Milan' : 'Rome',
          usage: { prompt: 5, completion: 1, total: 6 },
          latencyMs: 10,
        });
        const target = {
          name: entity,
          kind: 'databricks-serving' as const,
          baseUrl: fake.url,
          model: entity,
        };
        return runSuite(SUITE, [target], (_t, _m, _s, prompt) => Promise.resolve(answer(prompt)));
      },
      loadWindows: (r) =>
        loadEntityWindows(source, { ...r, entitiesTable: 'system.serving.served_entities' }),
      records: new EvaluationRecords(
        new HttpMlflowService({ baseUrl: mlflowServer.url }),
        experiment,
      ),
      policy: {
        criteria: CANARY_CRITERIA,
        passRateTolerance: 0,
        latencyTolerance: 0.1,
        errorRateTolerance: 0.01,
        filterRateTolerance: 0.01,
      },
      driftFeatures: ['completion_tokens'],
      maxDistinct: 20_000,
      apply: (decision) => {
        applied.push(decision);
        return Promise.resolve(`op-${decision}`);
      },
    };
    const kind = registerKind(canaryEvaluateOperation, deps, canaryEvaluationOperationView);
    const resource = new SlowResource();
    const first = await rig(resource, t.store, { idleMs: 20 }, undefined, [kind]);
    const params: CanaryEvaluateParams = {
      endpoint: 'chat-endpoint',
      current: 'gpt4o-v1',
      candidate: 'gpt4o-v2',
      suite: 'capitals',
      auto: true,
      from: Date.parse('2026-12-06T20:00:00Z'),
      to: Date.parse('2026-12-06T21:00:00Z'),
      deployRunIds: ['run-a', 'run-b'],
    };
    const op = await startOperation(first.repo, {
      kind: canaryEvaluateOperation.kind,
      environment: 'canary:chat-endpoint',
      params,
      steps: plannedSteps(canaryEvaluateOperation, params),
      requesterId: ona.aadObjectId ?? ona.id,
      requesterName: ona.name,
      conversationId: 'a:personal',
    });
    // What the command's reply does: its card becomes the operation's card, updated in place.
    await first.repo.save({ ...op, cardActivityId: 'card-1' });
    first.runner.start();
    await first.dispatcher.start();
    await candidateStarted;
    // Stop the bot while the candidate's suite is in flight; the step ends, nothing further runs.
    const stopping = close(first);
    gate?.();
    await stopping;
    const mid = await first.repo.require(op.id);
    expect(mid.state).toBe('running');
    expect(mid.steps.find((s) => s.id === 'read-rows')?.status).toBe('pending');

    const second = await rig(resource, t.store, { idleMs: 20 }, first.connector, [kind]);
    second.runner.start();
    await second.dispatcher.start();
    await until(async () => (await second.repo.require(op.id)).state === 'succeeded');
    // The runner saves the end state before it queues the last card: let its loop end first.
    await second.runner.stop();
    await second.dispatcher.drain();

    const done = await second.repo.require(op.id);
    expect(done.outputs.verdict).toBe('rollback');
    expect(suiteCalls).toEqual(['gpt4o-v1', 'gpt4o-v2']);
    expect(applied).toEqual(['rollback']);
    // One card, updated in place from both processes; nothing else was posted.
    expect(second.connector.delivered('POST')).toEqual([]);
    const updates = second.connector.delivered('PUT');
    expect(updates.every((u) => u.path.endsWith('/activities/card-1'))).toBe(true);
    const last = updates.at(-1);
    const card = JSON.stringify(last?.body);
    expect(card).toContain(
      'Verdict: roll back. The candidate is worse on: Pass rate, p95 latency, Error rate.',
    );
    expect(card).toContain('**italy** on candidate: does not contain');
    expect(card).toContain('Applied automatically (--auto): roll back started.');
    const mlflow = new HttpMlflowService({ baseUrl: mlflowServer.url });
    const exp = await mlflow.getExperimentByName(experiment);
    const runs = (await mlflow.searchRuns({ experimentIds: [exp.experimentId] })).items;
    expect(runs).toHaveLength(1);
    expect(runs[0]?.tags.find((x) => x.key === 'llmops.deploy_run_ids')?.value).toBe('run-a,run-b');
  }, 60_000);
});
