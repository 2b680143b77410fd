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

const requesterOf = (op: Operation) => op.requesterName ?? 'the requester';

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
    reply: textReply(
      `This plan waits for approval: another permitted user must press **Approve** on it first (APPROVALS_REQUIRED=2). Then press the confirm button again.`,
    ),
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
  if (!op || op.kind !== label.kind) {
    return say(`This plan no longer exists. Run \`${label.command}\` again for a fresh plan.`);
  }
  if (!approval) return say(`This plan needs no approval; ${requesterOf(op)} can confirm it.`);
  if (op.state !== 'planned') return say(`This plan was already ${op.state}; nothing to approve.`);
  if (op.expiresAt !== undefined && ctx.now() > op.expiresAt) {
    return say(`This plan expired. ${requesterOf(op)} can run \`${label.command}\` again.`);
  }
  if (channelOf(ctx.conversation.conversationId) !== channelOf(op.conversationId)) {
    return say('This plan can only be approved in the conversation where it was made.');
  }
  if (op.requesterId === ctx.actor.key) {
    return refuse(
      `approval of operation ${op.id}: the requester cannot approve their own plan`,
      'You asked for this plan, so you cannot approve it: another permitted user must press **Approve**.',
    );
  }
  if (approval.approvedBy) return say(`Already approved by ${approval.approvedBy}.`);
  const approver = ctx.actor.name ?? ctx.actor.aadObjectId ?? ctx.actor.key;
  op.outputs[KEY.by] = ctx.actor.key;
  op.outputs[KEY.byName] = approver;
  if (!(await repo.savePlanOutputs(op))) {
    return say('This plan was answered meanwhile; nothing to approve.');
  }
  await ctx.audit({
    action: label.action ?? label.command,
    plan: op.plan,
    result: 'approved',
    detail: `operation ${op.id} of ${requesterOf(op)}, approved by ${approver}`,
  });
  const view: unknown = JSON.parse(op.outputs[KEY.view] ?? '{}');
  return { card: draw(view, { requester: requesterOf(op), approvedBy: approver }) };
}
