import { collect } from '../../services/azure/arm-context';
import { found, step, type HostingContext } from './hosting-context';
import { INSIGHTS_API_VERSION } from './hosting-data';
import { assignmentName, BOT_ROLES, subscriptionScope } from './hosting-roles';

/** What is left after `azure down`, listed from ARM itself (the proof, like `cleanup`). */
export interface TeardownResult {
  /** `type/name` of every resource still in the group; empty when the group is gone or empty. */
  readonly remaining: readonly string[];
  readonly groupDeleted: boolean;
  readonly rolesLeft: number;
}

type Tagged = { tags?: Record<string, string> | null } | undefined;

/** Deletes only what `azure up` made for this name: its tag says so. */
const ours = (ctx: HostingContext, r: Tagged) => r?.tags?.['llmops-bot'] === ctx.target.name;

async function remove(
  ctx: HostingContext,
  title: string,
  name: string,
  get: () => Promise<Tagged>,
  del: () => Promise<unknown>,
): Promise<void> {
  await step(ctx, title, name, async () => {
    const existing = await found(get);
    if (!existing) return { value: undefined, created: false, detail: 'not there' };
    if (!ours(ctx, existing)) {
      return { value: undefined, created: false, detail: 'not made by azure up: left alone' };
    }
    await del();
    return { value: undefined, created: true, detail: 'deleted' };
  });
}

/**
 * Removes the bot's home in dependency order (the bot before the app it points at, the app
 * before its plan, the identity last since the others name it), then the group when `up`
 * created it, and lists what ARM still shows.
 */
export async function hostingDown(ctx: HostingContext): Promise<TeardownResult> {
  const c = ctx.clients;
  const rg = ctx.target.resourceGroup;
  const n = ctx.names;
  const identity = await found(() => c.identities.userAssignedIdentities.get(rg, n.identity));
  await remove(
    ctx,
    `Azure Bot ${n.bot}`,
    n.bot,
    () => c.bots.bots.get(rg, n.bot),
    () => c.bots.bots.delete(rg, n.bot),
  );
  await remove(
    ctx,
    `Web app ${n.site}`,
    n.site,
    () => c.web.webApps.get(rg, n.site),
    () => c.web.webApps.delete(rg, n.site),
  );
  await remove(
    ctx,
    `App Service plan ${n.plan}`,
    n.plan,
    () => c.web.appServicePlans.get(rg, n.plan),
    () => c.web.appServicePlans.delete(rg, n.plan),
  );
  let rolesLeft = 0;
  for (const role of BOT_ROLES) {
    const principal = identity?.principalId;
    if (!principal) continue;
    const name = assignmentName(ctx, role.id, principal);
    await step(ctx, `Role ${role.name}`, role.name, async () => {
      const ra = c.authorization.roleAssignments;
      if (!(await found(() => ra.get(subscriptionScope(ctx), name)))) {
        return { value: undefined, created: false, detail: 'not there' };
      }
      await ra.delete(subscriptionScope(ctx), name);
      return { value: undefined, created: true, detail: 'removed' };
    });
    if (await found(() => c.authorization.roleAssignments.get(subscriptionScope(ctx), name))) {
      rolesLeft += 1;
    }
  }
  await remove(
    ctx,
    `PostgreSQL server ${n.postgres}`,
    n.postgres,
    () => c.postgres.servers.get(rg, n.postgres),
    () => c.postgres.servers.beginDeleteAndWait(rg, n.postgres),
  );
  const insightsId = `/subscriptions/${c.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Insights/components/${n.insights}`;
  await remove(
    ctx,
    `Application Insights ${n.insights}`,
    n.insights,
    () => c.resources.resources.getById(insightsId, INSIGHTS_API_VERSION),
    () => c.resources.resources.beginDeleteByIdAndWait(insightsId, INSIGHTS_API_VERSION),
  );
  // force: skip the 14-day soft delete, so the same name can be used again at once.
  await remove(
    ctx,
    `Log Analytics workspace ${n.workspace}`,
    n.workspace,
    () => c.logs.workspaces.get(rg, n.workspace),
    () => c.logs.workspaces.delete(rg, n.workspace, { force: true }),
  );
  await remove(
    ctx,
    `Managed identity ${n.identity}`,
    n.identity,
    () => Promise.resolve(identity),
    () => c.identities.userAssignedIdentities.delete(rg, n.identity),
  );
  return finish(ctx, rolesLeft);
}

async function finish(ctx: HostingContext, rolesLeft: number): Promise<TeardownResult> {
  const c = ctx.clients;
  const rg = ctx.target.resourceGroup;
  const group = (await c.resources.resourceGroups.checkExistence(rg)).body
    ? await c.resources.resourceGroups.get(rg)
    : undefined;
  if (!group) return { remaining: [], groupDeleted: true, rolesLeft };
  const listed = await collect(c.resources.resources.listByResourceGroup(rg));
  const remaining = listed.map((r) => `${r.type ?? '?'}/${r.name ?? '?'}`).sort();
  if (remaining.length === 0 && ours(ctx, group)) {
    await step(ctx, `Resource group ${rg}`, rg, async () => {
      await c.resources.resourceGroups.beginDeleteAndWait(rg);
      return { value: undefined, created: true, detail: 'deleted' };
    });
    return { remaining, groupDeleted: true, rolesLeft };
  }
  return { remaining, groupDeleted: false, rolesLeft };
}
