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

const since = (ms: number | undefined) =>
  ms === undefined ? '' : ` since ${new Date(ms).toISOString().slice(11, 16)} UTC`;

const lockTarget = (environment: string) =>
  environment.startsWith('endpoint:') ? `endpoint ${environment.slice(9)}` : environment;

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
    const reply = runner.render(res.operation);
    return reply.kind === 'card' ? { card: reply.card } : { reply };
  }
  const refuse = async (detail: string, text: string): Promise<ActionResult> => {
    await ctx.audit({
      action: label.command,
      plan: 'operation' in res ? res.operation?.plan : undefined,
      result: 'denied',
      detail,
    });
    return say(text);
  };
  const again = `Run \`${label.command}\` again for a fresh plan.`;
  switch (res.reason) {
    case 'locked': {
      const h = res.holder;
      const who = h.requesterName ?? h.requesterId;
      return refuse(
        `environment ${h.environment} locked by ${h.kind} ${h.id} of ${who}`,
        `Refused: \`${label.command}\` cannot start: **${who}** is running \`${h.kind}\` on **${lockTarget(h.environment)}**${since(h.startedAt)}. One change runs there at a time; try again when it finishes.`,
      );
    }
    case 'expired':
      return refuse('the plan expired', `This plan expired. ${again}`);
    case 'not-requester':
      return refuse(
        'only the requester may confirm',
        `Only ${res.operation?.requesterName ?? 'the person who asked for it'} can confirm this plan. Run \`${label.command}\` yourself for your own plan.`,
      );
    case 'elsewhere':
      return refuse(
        'confirmed from another conversation',
        'This plan can only be confirmed in the conversation where it was made.',
      );
    case 'not-planned':
      return refuse(
        `the plan was already ${res.operation?.state ?? 'handled'}`,
        `This plan was already ${res.operation?.state ?? 'handled'}; nothing more to do.`,
      );
    case 'unknown':
      return refuse('no such plan', `This plan no longer exists. ${again}`);
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
        return say('This plan no longer exists.');
      case 'not-requester':
        await ctx.audit({
          action: label.command,
          plan: res.operation.plan,
          result: 'denied',
          detail: `cancel of operation ${res.operation.id}: only the requester may cancel`,
        });
        return say(`Only ${res.operation.requesterName ?? 'the requester'} can cancel this plan.`);
      case 'elsewhere':
        return say('This plan can only be cancelled in the conversation where it was made.');
      case 'not-planned':
        return say(`This plan is already ${res.operation.state}; it cannot be cancelled.`);
    }
  }
  await ctx.audit({
    action: label.command,
    plan: res.operation.plan,
    result: 'cancelled',
    detail: `operation ${res.operation.id}`,
  });
  return {
    card: card([
      text(`– ${label.command} cancelled. Nothing was created or changed.`, { weight: 'Bolder' }),
    ]),
  };
}
