import { z } from 'zod';
import { stepErrorMessage, stepMessage } from '../../platform/operations/step-text';
import type { DriftReport } from '../../drift/compute-drift-report';
import type { FeatureName } from '../../drift/inference-features';
import type {
  OperationType,
  StepOutcome,
  TypedOperation,
} from '../../platform/operations/operation';
import type { SuiteReport } from '../prompting/suite-runner';
import { canaryVerdict, type CanaryPolicy, type CanaryVerdict } from './canary-verdict';
import { compareEntities, type EntityStats } from './entity-comparison';
import { evaluateStepTitles } from './evaluate-step-titles';
import type { EntityWindowsRequest } from './entity-windows';
import type { EvaluationCaseRow, EvaluationRecords } from './evaluation-records';
import type { FeatureWindow } from '../../drift/inference-features';

export const canaryEvaluateParamsSchema = z.object({
  endpoint: z.string(),
  /** Served entity names. */
  current: z.string(),
  candidate: z.string(),
  suite: z.string().optional(),
  /** Apply the verdict (promote / roll back) through the canary's own operations. */
  auto: z.boolean(),
  /** The traffic window compared, epoch ms: since the canary started, until the evaluation. */
  from: z.number(),
  to: z.number(),
  deployRunIds: z.array(z.string()),
  /** The language of the conversation that asked: the card's language. */
  lang: z.enum(['en', 'fr']).optional(),
});
export type CanaryEvaluateParams = z.infer<typeof canaryEvaluateParamsSchema>;

/** The outside world of an evaluation, bound in the composition root. */
export interface CanaryEvaluateDeps {
  /** The suite against one served entity (its per-entity invocation path). */
  readonly runSuite: (endpoint: string, entity: string, suite: string) => Promise<SuiteReport>;
  readonly loadWindows: (
    r: EntityWindowsRequest,
  ) => Promise<{ current: FeatureWindow; candidate: FeatureWindow }>;
  readonly records: EvaluationRecords | undefined;
  readonly policy: CanaryPolicy;
  readonly driftFeatures: readonly FeatureName[];
  readonly maxDistinct: number;
  /** Starts `canary promote|rollback` as an operation of its own (plan already approved). */
  readonly apply: (
    decision: 'promote' | 'rollback',
    op: TypedOperation<CanaryEvaluateParams>,
  ) => Promise<string>;
}

/** What the steps persist (operation outputs are strings: JSON here). */
export interface StoredSuite {
  passed: number;
  total: number;
  passRate: number;
  p95LatencyMs: number;
  cases: Omit<EvaluationCaseRow, 'entity' | 'servedEntity'>[];
}
export interface StoredComparison {
  current: EntityStats;
  candidate: EntityStats;
  drift: DriftReport;
}

const json = (v: unknown) => JSON.stringify(v);
export const outputOf = <T>(
  outputs: Readonly<Record<string, string>>,
  key: string,
): T | undefined => (outputs[key] === undefined ? undefined : (JSON.parse(outputs[key]) as T));

function storedSuite(r: SuiteReport): StoredSuite {
  const t = r.targets[0];
  return {
    passed: t?.passed ?? 0,
    total: t?.total ?? 0,
    passRate: t?.passRate ?? 0,
    p95LatencyMs: t?.p95LatencyMs ?? 0,
    cases: r.cases.map((c) => ({
      caseId: c.caseId,
      status: c.pass ? 'pass' : 'fail',
      reasons: c.reasons,
      latencyMs: c.latencyMs,
      tokens: c.tokens,
    })),
  };
}

function suiteStep(side: 'current' | 'candidate', title: string) {
  return {
    id: `suite-${side}`,
    title,
    run: async (
      ctx: { operation: TypedOperation<CanaryEvaluateParams> },
      deps: CanaryEvaluateDeps,
    ): Promise<StepOutcome> => {
      const p = ctx.operation.params;
      if (p.suite === undefined)
        return { status: 'skipped', note: stepMessage('opsNotes.canary.noSuite') };
      const report = await deps.runSuite(p.endpoint, p[side], p.suite);
      return { status: 'done', outputs: { [`suite_${side}`]: json(storedSuite(report)) } };
    },
  };
}

/** The verdict from the stored evidence (pure; the card and MLflow use the same). */
export function verdictOf(
  outputs: Readonly<Record<string, string>>,
  policy: CanaryPolicy,
): CanaryVerdict | undefined {
  const cmp = outputOf<StoredComparison>(outputs, 'comparison');
  if (!cmp) return undefined;
  const cur = outputOf<StoredSuite>(outputs, 'suite_current');
  const cand = outputOf<StoredSuite>(outputs, 'suite_candidate');
  return canaryVerdict(
    {
      passRate: { current: cur?.passRate ?? null, candidate: cand?.passRate ?? null },
      suiteP95LatencyMs: {
        current: cur?.p95LatencyMs ?? null,
        candidate: cand?.p95LatencyMs ?? null,
      },
      comparison: cmp,
    },
    // Without a suite, pass rate is not a criterion rather than forever "no data".
    cur || cand
      ? policy
      : { ...policy, criteria: policy.criteria.filter((c) => c !== 'pass_rate') },
  );
}

/**
 * `canary evaluate`: each step persists its evidence, so a restart resumes at the step it
 * stopped in and the card, the MLflow run and the applied verdict happen once.
 */
export const canaryEvaluateOperation: OperationType<CanaryEvaluateParams, CanaryEvaluateDeps> = {
  kind: 'canary-evaluate',
  params: canaryEvaluateParamsSchema,
  stepTitles: evaluateStepTitles,
  steps: (p) => [
    suiteStep('current', evaluateStepTitles(p)['suite-current']),
    suiteStep('candidate', evaluateStepTitles(p)['suite-candidate']),
    {
      id: 'read-rows',
      title: evaluateStepTitles(p)['read-rows'],
      run: async (_ctx, deps) => {
        const w = await deps.loadWindows({
          endpoint: p.endpoint,
          current: p.current,
          candidate: p.candidate,
          range: { from: p.from, to: p.to },
          maxDistinct: deps.maxDistinct,
        });
        const c = compareEntities(w.current, w.candidate, deps.driftFeatures);
        const stored: StoredComparison = {
          current: c.current,
          candidate: c.candidate,
          drift: c.drift,
        };
        return { status: 'done', outputs: { comparison: json(stored) } };
      },
    },
    {
      id: 'compare',
      title: evaluateStepTitles(p).compare,
      run: (ctx, deps) => {
        const v = verdictOf(ctx.outputs, deps.policy);
        return Promise.resolve(
          v
            ? {
                status: 'done',
                outputs: { verdict: v.decision, verdict_json: json(v) },
                note: stepMessage(`opsNotes.canary.decision.${v.decision}`),
              }
            : { status: 'failed', error: stepMessage('opsNotes.canary.notRead') },
        );
      },
    },
    {
      id: 'mlflow',
      title: evaluateStepTitles(p).mlflow,
      run: async (ctx, deps): Promise<StepOutcome> => {
        if (!deps.records)
          return { status: 'skipped', note: stepMessage('deploy.notes.mlflowOff') };
        const verdict = verdictOf(ctx.outputs, deps.policy);
        const cmp = outputOf<StoredComparison>(ctx.outputs, 'comparison');
        if (!verdict || !cmp)
          return { status: 'failed', error: stepMessage('opsNotes.canary.noComparison') };
        const cur = outputOf<StoredSuite>(ctx.outputs, 'suite_current');
        const cand = outputOf<StoredSuite>(ctx.outputs, 'suite_candidate');
        const rows = (s: StoredSuite | undefined, entity: 'current' | 'candidate') =>
          (s?.cases ?? []).map((c) => ({ ...c, entity, servedEntity: p[entity] }));
        try {
          const r = await deps.records.record({
            operationId: ctx.operation.id,
            endpoint: p.endpoint,
            current: p.current,
            candidate: p.candidate,
            suite: p.suite,
            requester: ctx.operation.requesterId,
            startTime: ctx.operation.startedAt ?? p.to,
            endTime: Date.now(),
            window: { from: p.from, to: p.to },
            passRates: { current: cur?.passRate ?? null, candidate: cand?.passRate ?? null },
            stats: { current: cmp.current, candidate: cmp.candidate },
            verdict,
            policy: deps.policy,
            cases: [...rows(cur, 'current'), ...rows(cand, 'candidate')],
            deployRunIds: p.deployRunIds,
          });
          return { status: 'done', outputs: { run_id: r.runId, run_link: r.link } };
        } catch (err) {
          // The evaluation stands without its record; the card says MLflow did not take it, in
          // describeError's words (a raw message may hold a URL or an id), stored in English
          // like every output; the card finds the service error's template again.
          const error = stepErrorMessage(err, 'opsNotes.errors.unexpected').texts.en ?? '';
          return {
            status: 'skipped',
            note: stepMessage('opsNotes.canary.notRecorded'),
            outputs: { not_recorded: error },
          };
        }
      },
    },
    {
      id: 'apply',
      title: evaluateStepTitles(p).apply,
      run: async (ctx, deps): Promise<StepOutcome> => {
        const decision = ctx.outputs.verdict;
        if (!p.auto) return { status: 'skipped', note: stepMessage('opsNotes.canary.buttons') };
        if (decision !== 'promote' && decision !== 'rollback') {
          return {
            status: 'skipped',
            note: stepMessage('opsNotes.canary.notDecided'),
            outputs: { applied: 'none' },
          };
        }
        // A crash after `apply` started promote/rollback re-runs this step: `apply` must find
        // that operation (the canary's environment lock returns its holder) and not start two.
        const id = await deps.apply(decision, ctx.operation);
        return { status: 'done', outputs: { applied: decision, applied_operation: id } };
      },
    },
  ],
};
