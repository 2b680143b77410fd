import type { AdaptiveCard } from '../chat/adaptive-card';
import { channelOf } from '../chat/conversation-id';
import { textReply } from '../chat/reply';
import { APPROVAL_OUTPUTS as KEY, type PlanApproval } from '../cards/plan-approval';
import type { Operation } from '../platform/operations/operation';
import type { ActionResult, CommandContext } from './command';

/**
 * The second pair of eyes (APPROVALS_REQUIRED=2) on what cannot be undone: a cleanup, deploy or
 * rollback plan runs only after another permitted user approves it and its requester confirms.
 * Whether a plan needs approval is fixed when it is made, so the card and the rule agree even
 * if the setting changes before the answer. Permission to press Approve is the router's check
 * (the button is mutating), so a user who may not run the command may not approve it either.
 */

/** What the plan is called in messages: operation-flow's PlanLabel (not imported: no cycle). */
interface PlanLabel {
  kind: string;
  command: string;
  action?: string;
}

/** The requester's name; '' when Teams gave none (the card then says "the requester" in its language). */
const requesterOf = (op: Operation) => op.requesterName ?? '';

/** The approval a plan's card shows, or undefined when it needs none. */
export function approvalOf(op: Operation): PlanApproval | undefined {
  if (op.outputs[KEY.required] !== '2') return undefined;
  const by = op.outputs[KEY.byName] ?? op.outputs[KEY.by];
  return { requester: requesterOf(op), ...(by ? { approvedBy: by } : {}) };
}

/**
 * Marks a new plan as needing approval when APPROVALS_REQUIRED=2, keeping `view` (the plan
 * card's data) to draw the card again on Approve. Returns what the card shows.
 */
export async function requireApproval(
  ctx: CommandContext,
  op: Operation,
  view: object,
): Promise<PlanApproval | undefined> {
  if (ctx.services.approvalsRequired !== 2) return undefined;
  op.outputs[KEY.required] = '2';
  op.outputs[KEY.view] = JSON.stringify(view);
  await ctx.services.operations.repo.savePlanOutputs(op);
  return approvalOf(op);
}

/**
 * The answer to the requester's Confirm while approval is pending (audited), or undefined
 * when confirming may go ahead (anyone else's click is the runner's to refuse).
 */
export async function awaitingApproval(
  ctx: CommandContext,
  operationId: string,
  label: PlanLabel,
): Promise<ActionResult | undefined> {
  const op = await ctx.services.operations.repo.get(operationId);
  const approval = op && op.state === 'planned' ? approvalOf(op) : undefined;
  if (!op || !approval || approval.approvedBy || op.requesterId !== ctx.actor.key) return undefined;
  await ctx.audit({
    action: label.action ?? label.command,
    plan: op.plan,
    result: 'denied',
    detail: `operation ${op.id} is not approved yet`,
  });
  return {
    reply: textReply(ctx.t('operation.approval.waiting')),
  };
}

/**
 * Approve from a plan card: another permitted user, not the requester, in the conversation of
 * the plan, before it expires. The card is drawn again with the approver on it, and audited.
 */
export async function approvePlan(
  ctx: CommandContext,
  operationId: string,
  label: PlanLabel,
  draw: (view: unknown, approval: PlanApproval) => AdaptiveCard,
): Promise<ActionResult> {
  const { repo } = ctx.services.operations;
  const op = await repo.get(operationId);
  const approval = op && op.kind === label.kind ? approvalOf(op) : undefined;
  const say = (t: string): ActionResult => ({ reply: textReply(t) });
  const refuse = async (detail: string, t: string) => {
    await ctx.audit({
      action: label.action ?? label.command,
      plan: op?.plan,
      result: 'denied',
      detail,
    });
    return say(t);
  };
  const { command } = label;
  if (!op || op.kind !== label.kind) {
    return say(ctx.t('operation.unknown', { again: ctx.t('operation.again', { command }) }));
  }
  const requester = op.requesterName ?? ctx.t('operation.theRequester');
  if (!approval) return say(ctx.t('operation.approval.notNeeded', { requester }));
  if (op.state !== 'planned') {
    const state = ctx.t(`operation.state.${op.state}`);
    return say(ctx.t('operation.approval.alreadyState', { state }));
  }
  if (op.expiresAt !== undefined && ctx.now() > op.expiresAt) {
    return say(ctx.t('operation.approval.expired', { requester, command }));
  }
  if (channelOf(ctx.conversation.conversationId) !== channelOf(op.conversationId)) {
    return say(ctx.t('operation.approval.elsewhere'));
  }
  if (op.requesterId === ctx.actor.key) {
    return refuse(
      `approval of operation ${op.id}: the requester cannot approve their own plan`,
      ctx.t('operation.approval.own'),
    );
  }
  if (approval.approvedBy)
    return say(ctx.t('operation.approval.already', { who: approval.approvedBy }));
  const approver = ctx.actor.name ?? ctx.actor.aadObjectId ?? ctx.actor.key;
  op.outputs[KEY.by] = ctx.actor.key;
  op.outputs[KEY.byName] = approver;
  if (!(await repo.savePlanOutputs(op))) {
    return say(ctx.t('operation.approval.meanwhile'));
  }
  await ctx.audit({
    action: label.action ?? label.command,
    plan: op.plan,
    result: 'approved',
    detail: `operation ${op.id} of ${op.requesterName ?? op.requesterId}, approved by ${approver}`,
  });
  const view: unknown = JSON.parse(op.outputs[KEY.view] ?? '{}');
  return { card: draw(view, { requester: requesterOf(op), approvedBy: approver }) };
}
