import { card, text } from '../cards/card';
import type { ActionData } from '../chat/adaptive-card';
import { textReply } from '../chat/reply';
import { plannedSteps, type Operation, type OperationType } from '../platform/operations/operation';
import type { PlanAnswer } from '../platform/operations/operation-runner';
import type { ActionResult, CommandContext } from './command';
import { awaitingApproval } from './plan-approval';

/**
 * The one plan → confirm → cancel flow of every mutating command that runs as an operation
 * (provision, cleanup, deploy, rollback). The runner binds each answer to the plan's kind,
 * requester and conversation; this module says what happened in words and audits it.
 */

/** What the user calls the operation in messages (`provision`, `cleanup`, `deploy`). */
export interface PlanLabel {
  /** The operation kind the buttons may answer. */
  kind: string;
  /** The command to run again, as the user types it. */
  command: string;
  /** The audited action when it is not the command (`canary-start` is planned by `deploy`). */
  action?: string;
}

/** The operation id a plan card's button carries ('' when missing). */
export const opId = (data: Readonly<ActionData>): string =>
  typeof data.operationId === 'string' ? data.operationId : '';

export interface NewPlan<P> {
  params: P;
  /** What the lock covers: the environment, or `endpoint:<name>` for a deploy. */
  environment: string;
  /** One line that says what will change; audited and shown in `audit`. */
  summary: string;
  ttlMs: number;
  /** The audited action, when it differs from the kind (a rollback is a deploy). */
  action?: string;
  detail?: string;
}

/** Persists a plan (state 'planned') that the Confirm button refers to, and audits it. */
export async function planOperation<P extends object>(
  ctx: CommandContext,
  type: OperationType<P, never>,
  plan: NewPlan<P>,
): Promise<Operation> {
  const op = await ctx.services.operations.repo.create({
    kind: type.kind,
    environment: plan.environment,
    params: plan.params,
    plan: plan.summary,
    steps: plannedSteps(type, plan.params),
    requesterId: ctx.actor.key,
    requesterName: ctx.actor.name,
    conversationId: ctx.conversation.conversationId,
    ttlMs: plan.ttlMs,
  });
  await recordPlan(
    ctx,
    plan.action ?? type.kind,
    plan.summary,
    plan.detail ?? 'awaiting confirmation',
    op,
  );
  return op;
}

/** The audit detail of a plan shown with `--dry-run` (nothing was created). */
export const DRY_RUN_DETAIL = 'dry run';

/** Audits a plan ('planned'); every plan shown is recorded, dry runs included. */
export function recordPlan(
  ctx: CommandContext,
  action: string,
  summary: string,
  detail: string,
  op?: Operation,
): Promise<void> {
  return ctx.audit({
    action,
    plan: summary,
    result: 'planned',
    detail: op ? `${detail} (operation ${op.id})` : detail,
  });
}

const since = (ctx: CommandContext, ms: number | undefined) =>
  ms === undefined
    ? ''
    : ctx.t('operation.since', { time: new Date(ms).toISOString().slice(11, 16) });

const lockTarget = (ctx: CommandContext, environment: string) =>
  environment.startsWith('endpoint:')
    ? ctx.t('operation.endpoint', { name: environment.slice(9) })
    : environment;

/** A plan's state as a word in the reader's language ("handled" when unknown). */
const stateWord = (ctx: CommandContext, op: Operation | undefined) =>
  op ? ctx.t(`operation.state.${op.state}`) : ctx.t('operation.handled');

const answerOf = (ctx: CommandContext, kind: string): PlanAnswer => ({
  kind,
  actor: ctx.actor,
  conversationId: ctx.conversation.conversationId,
  cardActivityId: ctx.replyToId,
});

const say = (t: string): ActionResult => ({ reply: textReply(t) });

/**
 * Starts a planned operation from its Confirm button. The answer replaces the plan card with
 * the progress card, which the runner then keeps updating in place; refusals say why and are
 * audited.
 */
export async function confirmOperation(
  ctx: CommandContext,
  data: Readonly<ActionData>,
  label: PlanLabel,
): Promise<ActionResult> {
  const { runner } = ctx.services.operations;
  const pending = await awaitingApproval(ctx, opId(data), label);
  if (pending) return pending;
  const res = await runner.confirm(opId(data), answerOf(ctx, label.kind));
  if (res.ok) {
    const reply = runner.render(res.operation, ctx.lang);
    return reply.kind === 'card' ? { card: reply.card } : { reply };
  }
  const refuse = async (detail: string, text: string): Promise<ActionResult> => {
    await ctx.audit({
      action: label.action ?? label.command,
      plan: 'operation' in res ? res.operation?.plan : undefined,
      result: 'denied',
      detail,
    });
    return say(text);
  };
  const command = label.command;
  const again = ctx.t('operation.again', { command });
  switch (res.reason) {
    case 'locked': {
      const h = res.holder;
      const who = h.requesterName ?? h.requesterId;
      return refuse(
        `environment ${h.environment} locked by ${h.kind} ${h.id} of ${who}`,
        ctx.t('operation.locked', {
          command,
          who,
          kind: h.kind,
          target: lockTarget(ctx, h.environment),
          since: since(ctx, h.startedAt),
        }),
      );
    }
    case 'expired':
      return refuse('the plan expired', ctx.t('operation.expired', { again }));
    case 'not-requester':
      return refuse(
        'only the requester may confirm',
        ctx.t('operation.notRequester', {
          who: res.operation?.requesterName ?? ctx.t('operation.whoAsked'),
          command,
        }),
      );
    case 'elsewhere':
      return refuse('confirmed from another conversation', ctx.t('operation.elsewhere'));
    case 'not-planned':
      return refuse(
        `the plan was already ${res.operation?.state ?? 'handled'}`,
        ctx.t('operation.notPlanned', { state: stateWord(ctx, res.operation) }),
      );
    case 'unknown':
      return refuse('no such plan', ctx.t('operation.unknown', { again }));
  }
}

/** Cancels a plan from its Cancel button (its requester only); the plan card becomes a note. */
export async function cancelOperation(
  ctx: CommandContext,
  data: Readonly<ActionData>,
  label: PlanLabel,
): Promise<ActionResult> {
  const res = await ctx.services.operations.runner.cancel(opId(data), answerOf(ctx, label.kind));
  if (!res.ok) {
    switch (res.reason) {
      case 'unknown':
        return say(ctx.t('operation.cancelUnknown'));
      case 'not-requester':
        await ctx.audit({
          action: label.action ?? label.command,
          plan: res.operation.plan,
          result: 'denied',
          detail: `cancel of operation ${res.operation.id}: only the requester may cancel`,
        });
        return say(
          ctx.t('operation.cancelNotRequester', {
            who: res.operation.requesterName ?? ctx.t('operation.theRequester'),
          }),
        );
      case 'elsewhere':
        return say(ctx.t('operation.cancelElsewhere'));
      case 'not-planned':
        return say(ctx.t('operation.cancelNotPlanned', { state: stateWord(ctx, res.operation) }));
    }
  }
  await ctx.audit({
    action: label.action ?? label.command,
    plan: res.operation.plan,
    result: 'cancelled',
    detail: `operation ${res.operation.id}`,
  });
  return {
    card: card([
      text(ctx.t('operation.cancelled', { command: label.command }), { weight: 'Bolder' }),
    ]),
  };
}
