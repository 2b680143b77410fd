import {
  APPROVE_CANARY_EVALUATE,
  buildCanaryEvaluatePlanCard,
  type CanaryEvaluatePlanView,
  CANCEL_CANARY_EVALUATE,
  START_CANARY_EVALUATE,
} from '../cards/canary-evaluate-plan-card';
import { cardReply, textReply, type Reply } from '../chat/reply';
import { canaryOn } from './canary-finish';
import { canaryLock, evaluationParams } from '../workflows/canary-eval/evaluation-params';
import { canaryEvaluateOperation } from '../workflows/canary-eval/evaluate-operation';
import type { CardButton, ContextWith } from './command';
import { approvePlan, requireApproval } from './plan-approval';
import { busyReason, endpointLock, PLAN_TTL_MS } from './deploy-flow';
import {
  cancelOperation,
  confirmOperation,
  DRY_RUN_DETAIL,
  opId,
  planOperation,
  recordPlan,
} from './operation-flow';

const LABEL = { kind: canaryEvaluateOperation.kind, command: 'canary evaluate' };

const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);

/**
 * `canary evaluate [endpoint] [--auto]`: a plan whose Start button runs the evaluation as an
 * operation (suite per entity, inference-table comparison, verdict, MLflow, and with `--auto`
 * the promote/rollback). It holds the `canary:` lock, not the endpoint's, so the deploy it
 * applies can take that one.
 */
export async function planCanaryEvaluate(
  ctx: ContextWith<'databricks'>,
  name: string,
  o: { auto: boolean; dryRun: boolean },
): Promise<Reply> {
  const d = ctx.services.deploy;
  const found = await canaryOn(ctx, name);
  if ('kind' in found) return found;
  const { endpoint, state } = found;
  if (o.auto) {
    const busy = await busyReason(ctx, name, endpoint);
    if (busy) return textReply(busy);
  }
  const repo = ctx.services.operations.repo;
  const params = evaluationParams(state, {
    suite: d.canary.suite,
    auto: o.auto,
    now: Date.now(),
    windowMinutes: d.canary.windowMinutes,
    history: await repo.latest(endpointLock(name), 10),
    lang: ctx.lang,
  });
  const summary = ctx.t('canaryEval.plan.summary', {
    endpoint: name,
    auto: o.auto ? ' --auto' : '',
    current: params.current,
    candidate: params.candidate,
  });
  const view = {
    endpoint: name,
    current: params.current,
    candidate: params.candidate,
    suite: params.suite,
    window: `${hhmm(params.from)} → ${hhmm(params.to)} UTC`,
    auto: o.auto,
    expiresInMin: PLAN_TTL_MS / 60_000,
    lang: ctx.lang,
  };
  if (o.dryRun) {
    await recordPlan(ctx, canaryEvaluateOperation.kind, summary, DRY_RUN_DETAIL);
    return cardReply(buildCanaryEvaluatePlanCard({ ...view, operationId: '' }), summary);
  }
  const op = await planOperation(ctx, canaryEvaluateOperation, {
    params,
    environment: canaryLock(name),
    summary,
    ttlMs: PLAN_TTL_MS,
  });
  // Only --auto changes the endpoint, so only it needs the second pair of eyes.
  const approval = o.auto ? await requireApproval(ctx, op, view) : undefined;
  const card = buildCanaryEvaluatePlanCard({
    ...view,
    operationId: op.id,
    ...(approval ? { approval } : {}),
  });
  return cardReply(card, summary);
}

/** The plan card's Start / Cancel, owned by the `canary` command. */
export const canaryEvaluateButtons: Readonly<Record<string, CardButton<'databricks'>>> = {
  [START_CANARY_EVALUATE]: {
    mutating: true,
    run: (ctx, data) => confirmOperation(ctx, data, LABEL),
  },
  [APPROVE_CANARY_EVALUATE]: {
    mutating: true,
    run: (ctx, data) =>
      approvePlan(ctx, opId(data), LABEL, (view, approval) =>
        buildCanaryEvaluatePlanCard({
          ...(view as CanaryEvaluatePlanView),
          operationId: opId(data),
          approval,
        }),
      ),
  },
  [CANCEL_CANARY_EVALUATE]: {
    mutating: true,
    run: (ctx, data) => cancelOperation(ctx, data, LABEL),
  },
};
