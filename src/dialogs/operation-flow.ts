import { card, text } from '../cards/card';
import type { Operation, StepDefinition, StepProgress } from '../platform/operations/operation';
import type { ActionResult, CommandContext } from './command';

/** The operation id a plan card's button carries ('' when missing). */
export const opId = (data: Readonly<Record<string, unknown>>): string =>
  typeof data.operationId === 'string' ? data.operationId : '';

/** The pending step list a new operation starts with. */
export const stepList = (defs: readonly StepDefinition[]): StepProgress[] =>
  defs.map((d) => ({ id: d.id, title: d.title, status: 'pending' }));

/** Audits a plan ('planned'); every plan shown is recorded, dry runs included. */
export function recordPlan(
  ctx: CommandContext,
  op: Operation | undefined,
  detail: string,
  action = op?.kind ?? 'operation',
  plan = op?.plan,
): void {
  ctx.services.audit.append({
    actorId: ctx.actor.aadObjectId ?? ctx.actor.id,
    actorName: ctx.actor.name,
    conversationId: ctx.conversation.conversationId,
    action,
    plan,
    result: 'planned',
    detail: op ? `${detail} (operation ${op.id})` : detail,
    durationMs: undefined,
  });
}

const when = (ms: number | undefined) =>
  ms === undefined ? '' : ` since ${new Date(ms).toISOString().slice(11, 16)} UTC`;

/**
 * Starts a planned operation from its Confirm button. The answer replaces the plan card with
 * the progress card, which the runner then keeps updating in place; refusals say why.
 */
export function confirmOperation(ctx: CommandContext, id: string, label: string): ActionResult {
  const { runner } = ctx.services.operations;
  const res = runner.confirm(id, ctx.actor, ctx.replyToId);
  if (res.ok) {
    const reply = runner.render(res.operation);
    return reply.kind === 'card' ? { card: reply.card } : { reply };
  }
  const say = (t: string): ActionResult => ({ reply: { kind: 'text', text: t } });
  switch (res.reason) {
    case 'locked': {
      const h = res.holder;
      ctx.services.audit.append({
        actorId: ctx.actor.aadObjectId ?? ctx.actor.id,
        actorName: ctx.actor.name,
        conversationId: ctx.conversation.conversationId,
        action: label,
        plan: res.operation.plan,
        result: 'denied',
        detail: `environment ${h.environment} locked by ${h.kind} ${h.id} of ${h.requesterName ?? h.requesterId}`,
        durationMs: undefined,
      });
      return say(
        `\`${label}\` cannot start: **${h.requesterName ?? h.requesterId}** is running \`${h.kind}\` on **${h.environment}**${when(h.startedAt)}. Only one provision or cleanup runs per environment; try again when it finishes.`,
      );
    }
    case 'expired':
      return say(`This plan expired. Run \`${label}\` again for a fresh plan.`);
    case 'not-requester':
      return say(
        `Only ${res.operation?.requesterName ?? 'the person who asked for it'} can confirm this plan. Run \`${label}\` yourself for your own plan.`,
      );
    case 'not-planned':
      return say(`This plan was already ${res.operation?.state ?? 'handled'}; nothing more to do.`);
    case 'unknown':
      return say(`This plan no longer exists. Run \`${label}\` again.`);
  }
}

/** Cancels a plan from its Cancel button; the plan card becomes a one-line note. */
export function cancelOperation(ctx: CommandContext, id: string, label: string): ActionResult {
  const op = ctx.services.operations.runner.cancel(id);
  if (!op) return { reply: { kind: 'text', text: `This plan no longer exists.` } };
  if (op.state !== 'cancelled') {
    return {
      reply: { kind: 'text', text: `This plan is already ${op.state}; it cannot be cancelled.` },
    };
  }
  ctx.services.audit.append({
    actorId: ctx.actor.aadObjectId ?? ctx.actor.id,
    actorName: ctx.actor.name,
    conversationId: ctx.conversation.conversationId,
    action: label,
    plan: op.plan,
    result: 'cancelled',
    detail: `operation ${op.id}`,
    durationMs: undefined,
  });
  return {
    card: card([
      text(`– ${label} cancelled. Nothing was created or changed.`, { weight: 'Bolder' }),
    ]),
  };
}
