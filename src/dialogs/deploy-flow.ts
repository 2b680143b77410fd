import { buildDeployPlanCard, type DeployPlanView } from '../cards/deploy-card';
import type { ActionData } from '../chat/adaptive-card';
import {
  DEPLOY_KIND,
  deployStepTitles,
  type DeployParams,
} from '../workflows/deploy/deploy-operation';
import type { ServingEndpoint } from '../services/databricks/serving';
import { type ActionResult, type CommandContext } from './command';
import { cardReply, textReply, type Reply } from '../chat/reply';
import { userKey } from './predict';

/** Plans expire: confirming an hour later would act on a stale view of the endpoint. */
export const PLAN_TTL_MS = 15 * 60_000;

/** Updates to one endpoint share this lock, so they are serialized. */
export const endpointLock = (name: string): string => `endpoint:${name}`;

const when = (ms: number | undefined) =>
  ms === undefined ? '' : ` since ${new Date(ms).toISOString().slice(11, 16)} UTC`;

/**
 * Why a new deploy/rollback of this endpoint must not start now: one of ours is running
 * (who, since when), or the endpoint itself is IN_PROGRESS. Undefined when it may go ahead.
 */
export function busyReason(
  ctx: CommandContext,
  name: string,
  endpoint: ServingEndpoint | undefined,
): string | undefined {
  const running = ctx.services.operations.repo
    .latest(endpointLock(name), 10)
    .find((op) => op.state === 'running');
  if (running) {
    const what = (running.params as unknown as DeployParams).rollbackOf ? 'rollback' : 'deploy';
    return `A ${what} of ${name} by ${running.requesterName ?? running.requesterId} is in progress${when(running.startedAt)}. Wait for it to finish, then try again.`;
  }
  if (endpoint?.configUpdate === 'IN_PROGRESS') {
    return `Endpoint ${name} is being updated right now (config v${endpoint.pendingConfigVersion ?? '?'} IN_PROGRESS). Try again when it is READY.`;
  }
  return undefined;
}

/** Creates the planned operation (unless dry run), audits the plan, and replies with its card. */
export function planDeploy(
  ctx: CommandContext,
  params: DeployParams,
  view: Omit<DeployPlanView, 'operationId' | 'expiresInMin'>,
): Reply {
  const expiresInMin = PLAN_TTL_MS / 60_000;
  const summary = `${view.title}: ${view.change}`;
  if (view.dryRun) {
    return cardReply(buildDeployPlanCard({ ...view, operationId: '', expiresInMin }), summary);
  }
  const op = ctx.services.operations.repo.create({
    kind: DEPLOY_KIND,
    environment: endpointLock(params.model.endpoint),
    params: params as unknown as Record<string, unknown>,
    plan: summary,
    steps: deployStepTitles(params).map((s) => ({ ...s, status: 'pending' as const })),
    requesterId: userKey(ctx),
    requesterName: ctx.actor.name,
    conversationId: ctx.conversation.conversationId,
    ttlMs: PLAN_TTL_MS,
  });
  ctx.services.audit.append({
    actorId: userKey(ctx),
    actorName: ctx.actor.name,
    conversationId: ctx.conversation.conversationId,
    action: params.rollbackOf ? 'rollback' : 'deploy',
    plan: summary,
    result: 'planned',
    detail: `operation ${op.id}`,
    durationMs: undefined,
  });
  return cardReply(buildDeployPlanCard({ ...view, operationId: op.id, expiresInMin }), summary);
}

const opId = (data: ActionData) => (typeof data.operationId === 'string' ? data.operationId : '');

/** Confirm button: start the operation, or say why not (locked names who holds the endpoint). */
export function confirmDeploy(ctx: CommandContext, data: ActionData): Promise<ActionResult> {
  const { runner } = ctx.services.operations;
  const r = runner.confirm(opId(data), ctx.actor, ctx.replyToId);
  if (r.ok) {
    const reply = runner.render(r.operation);
    return Promise.resolve(reply.kind === 'card' ? { card: reply.card } : { reply });
  }
  const text = (() => {
    switch (r.reason) {
      case 'locked':
        return `Refused: ${r.holder.requesterName ?? r.holder.requesterId} is already changing this endpoint (operation started${when(r.holder.startedAt)}). Wait for it to finish, then plan again.`;
      case 'expired':
        return 'This plan expired. Run the command again for a fresh plan.';
      case 'not-requester':
        return `Only ${r.operation?.requesterName ?? 'the requester'} can confirm this plan.`;
      case 'not-planned':
        return 'This plan was already confirmed or cancelled.';
      case 'unknown':
        return 'This plan no longer exists. Run the command again.';
    }
  })();
  return Promise.resolve({ reply: textReply(text) });
}

/** Cancel button: only the requester may cancel their plan; audited. */
export function cancelDeploy(ctx: CommandContext, data: ActionData): Promise<ActionResult> {
  const { repo, runner } = ctx.services.operations;
  const op = repo.get(opId(data));
  if (op && op.requesterId !== userKey(ctx)) {
    return Promise.resolve({
      reply: textReply(`Only ${op.requesterName ?? 'the requester'} can cancel this plan.`),
    });
  }
  const cancelled = runner.cancel(opId(data));
  if (cancelled?.state !== 'cancelled') {
    return Promise.resolve({
      reply: textReply('Nothing to cancel: the plan already started or ended.'),
    });
  }
  ctx.services.audit.append({
    actorId: userKey(ctx),
    actorName: ctx.actor.name,
    conversationId: ctx.conversation.conversationId,
    action: (cancelled.params as unknown as DeployParams).rollbackOf ? 'rollback' : 'deploy',
    plan: cancelled.plan,
    result: 'cancelled',
    detail: `operation ${cancelled.id}`,
    durationMs: undefined,
  });
  return Promise.resolve({ reply: textReply('Cancelled. Nothing was changed.') });
}
