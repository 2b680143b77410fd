import { buildDeployPlanCard, type DeployPlanView } from '../cards/deploy-card';
import type { ActionResult } from './command';
import { approvePlan, requireApproval } from './plan-approval';
import { cardReply, type Reply } from '../chat/reply';
import { typedOperation } from '../platform/operations/operation';
import type { ServingEndpoint } from '../services/databricks/serving';
import { deployAction, deployOperation } from '../workflows/deploy/deploy-operation';
import type { DeployParams } from '../workflows/deploy/deploy-params';
import type { CommandContext } from './command';
import { opId, planOperation, recordPlan, type PlanLabel } from './operation-flow';
import type { ActionData } from '../chat/adaptive-card';
import { translator, type Lang } from '../chat/i18n';
import { formatNumber } from '../chat/locale-format';

/** Plans expire: confirming an hour later would act on a stale view of the endpoint. */
export const PLAN_TTL_MS = 15 * 60_000;

/** Deploy and rollback plans are both deploy operations, answered by deploy's buttons. */
const DEPLOY_LABEL: PlanLabel = { kind: deployOperation.kind, command: 'deploy' };
const ROLLBACK_LABEL: PlanLabel = { kind: deployOperation.kind, command: 'rollback' };
const CANARY_LABEL: PlanLabel = { kind: deployOperation.kind, command: 'canary' };

/**
 * The label a deploy button's answers use: a rollback plan's Cancel or an expired rollback
 * must say `rollback` ("run `rollback` again"), not send the user to `deploy`.
 */
export async function deployLabelOf(
  ctx: CommandContext,
  data: Readonly<ActionData>,
): Promise<PlanLabel> {
  const stored = await ctx.services.operations.repo.get(opId(data));
  const op = stored && typedOperation(deployOperation, stored);
  if (op?.params.canary && op.params.canary.action !== 'start') return CANARY_LABEL;
  return op && op.params.rollbackOf ? ROLLBACK_LABEL : DEPLOY_LABEL;
}

/** The generation settings a deploy records, as the plan card shows them. */
export function settingsText(
  m: { temperature: number; maxTokens?: number | undefined },
  lang: Lang = 'en',
): string {
  const t = translator(lang);
  // English keeps the plain digits it always showed; French gets its decimal comma.
  const num = (n: number) => (lang === 'en' ? String(n) : formatNumber(n, lang, 4));
  return t('deploy.settings', {
    temperature: num(m.temperature),
    maxTokens: m.maxTokens === undefined ? t('deploy.modelDefault') : num(m.maxTokens),
  });
}

/** Updates to one endpoint share this lock, so they are serialized. */
export const endpointLock = (name: string): string => `endpoint:${name}`;

const since = (ctx: CommandContext, ms: number | undefined) =>
  ms === undefined ? '' : ctx.t('deploy.since', { time: new Date(ms).toISOString().slice(11, 16) });

/**
 * Why a new deploy/rollback of this endpoint must not start now: one of ours is running
 * (who, since when), or the endpoint itself is IN_PROGRESS. Undefined when it may go ahead.
 */
export async function busyReason(
  ctx: CommandContext,
  name: string,
  endpoint: ServingEndpoint | undefined,
): Promise<string | undefined> {
  const running = (await ctx.services.operations.repo.latest(endpointLock(name), 10)).find(
    (op) => op.state === 'running',
  );
  if (running) {
    const rollback = typedOperation(deployOperation, running)?.params.rollbackOf;
    return ctx.t(rollback ? 'deploy.busyRollback' : 'deploy.busyDeploy', {
      name,
      who: running.requesterName ?? running.requesterId,
      since: since(ctx, running.startedAt),
    });
  }
  if (endpoint?.configUpdate === 'IN_PROGRESS') {
    return ctx.t('deploy.endpointUpdating', {
      name,
      version: endpoint.pendingConfigVersion ?? '?',
    });
  }
  return undefined;
}

/** Creates the planned operation (unless dry run), audits the plan, and replies with its card. */
export async function planDeploy(
  ctx: CommandContext,
  params: DeployParams,
  view: Omit<DeployPlanView, 'operationId' | 'expiresInMin'>,
): Promise<Reply> {
  const expiresInMin = PLAN_TTL_MS / 60_000;
  const summary = `${view.title}: ${view.change}`;
  const action = deployAction(params);
  if (view.dryRun) {
    await recordPlan(ctx, action, summary, 'dry run');
    return cardReply(buildDeployPlanCard({ ...view, operationId: '', expiresInMin }), summary);
  }
  const op = await planOperation(ctx, deployOperation, {
    params,
    environment: endpointLock(params.model.endpoint),
    summary,
    ttlMs: PLAN_TTL_MS,
    action,
  });
  const approval = await requireApproval(ctx, op, { ...view, expiresInMin });
  return cardReply(
    buildDeployPlanCard({
      ...view,
      operationId: op.id,
      expiresInMin,
      ...(approval ? { approval } : {}),
    }),
    summary,
  );
}

/** A deploy or rollback plan's Approve (APPROVALS_REQUIRED=2): the card again, approved. */
export async function approveDeploy(
  ctx: CommandContext,
  data: Readonly<ActionData>,
): Promise<ActionResult> {
  return approvePlan(ctx, opId(data), await deployLabelOf(ctx, data), (view, approval) =>
    buildDeployPlanCard({ ...(view as DeployPlanView), operationId: opId(data), approval }),
  );
}
