import { found, type HostingContext } from './hosting-context';
import { INSIGHTS_API_VERSION } from './hosting-data';
import { hostingMonthlyCost, HOSTING_PRICES } from './hosting-prices';
import { assignmentName, BOT_ROLES, subscriptionScope } from './hosting-roles';
import { LINUX_RUNTIME } from './hosting-web';

/** One line of the plan: what, its SKU and region, and whether it is already there. */
export interface PlanItem {
  readonly kind: string;
  readonly name: string;
  readonly sku: string;
  readonly region: string;
  readonly exists: boolean;
  /** For a global name that does not exist here: Azure's reason it cannot be had. */
  readonly taken?: string;
}

export interface HostingPlan {
  readonly items: readonly PlanItem[];
  readonly monthly: ReturnType<typeof hostingMonthlyCost>;
  /** True when everything exists: a run would only check and deploy the current build. */
  readonly complete: boolean;
  /** Global names someone else holds: `up` stops before creating anything. */
  readonly taken: readonly PlanItem[];
}

/** Reads (never writes) what exists, so the operator sees the plan before anything is made. */
export async function surveyHosting(ctx: HostingContext): Promise<HostingPlan> {
  const c = ctx.clients;
  const rg = ctx.target.resourceGroup;
  const n = ctx.names;
  const region = ctx.target.location;
  const sub = c.subscriptionId;
  const has = async (get: () => Promise<unknown>) => (await found(get)) !== undefined;
  const rgExists = (await c.resources.resourceGroups.checkExistence(rg)).body;
  const identity = rgExists
    ? await found(() => c.identities.userAssignedIdentities.get(rg, n.identity))
    : undefined;
  const inRg = (get: () => Promise<unknown>) => (rgExists ? has(get) : Promise.resolve(false));
  const insightsId = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Insights/components/${n.insights}`;
  const pgSku = `B1ms Burstable, ${HOSTING_PRICES.postgresStorageGb} GB, v16`;
  const items: PlanItem[] = [
    { kind: 'Resource group', name: rg, sku: '-', region, exists: rgExists },
    {
      kind: 'Managed identity',
      name: n.identity,
      sku: 'user-assigned',
      region,
      exists: identity !== undefined,
    },
    {
      kind: 'Log Analytics',
      name: n.workspace,
      sku: 'PerGB2018, 30 days',
      region,
      exists: await inRg(() => c.logs.workspaces.get(rg, n.workspace)),
    },
    {
      kind: 'Application Insights',
      name: n.insights,
      sku: 'workspace-based',
      region,
      exists: await inRg(() => c.resources.resources.getById(insightsId, INSIGHTS_API_VERSION)),
    },
    {
      kind: 'PostgreSQL',
      name: n.postgres,
      sku: pgSku,
      region,
      exists: await inRg(() => c.postgres.servers.get(rg, n.postgres)),
    },
    {
      kind: 'App Service plan',
      name: n.plan,
      sku: 'B1 Linux',
      region,
      exists: await inRg(() => c.web.appServicePlans.get(rg, n.plan)),
    },
    {
      kind: 'Web app',
      name: n.site,
      sku: LINUX_RUNTIME,
      region,
      exists: await inRg(() => c.web.webApps.get(rg, n.site)),
    },
    {
      kind: 'Azure Bot',
      name: n.bot,
      sku: 'F0 + Teams channel',
      region: 'global',
      exists: await inRg(() => c.bots.bots.get(rg, n.bot)),
    },
  ];
  for (const role of BOT_ROLES) {
    const exists = identity?.principalId
      ? await has(() =>
          c.authorization.roleAssignments.get(
            subscriptionScope(ctx),
            assignmentName(ctx, role.id, identity.principalId ?? ''),
          ),
        )
      : false;
    items.push({ kind: 'Role', name: role.name, sku: '', region: '-', exists });
  }
  const checked = await Promise.all(items.map((i) => withNameCheck(ctx, i)));
  return {
    items: checked,
    monthly: hostingMonthlyCost(),
    complete: checked.every((i) => i.exists),
    taken: checked.filter((i) => i.taken !== undefined),
  };
}

/**
 * Web app, PostgreSQL server and bot names are global: asking first means a taken name stops
 * the run before anything is created, not half-way through it.
 */
async function withNameCheck(ctx: HostingContext, item: PlanItem): Promise<PlanItem> {
  if (item.exists) return item;
  const c = ctx.clients;
  const why = (reason: string | undefined, message: string | undefined) =>
    message || reason || 'the name is not available';
  try {
    if (item.kind === 'Web app') {
      const r = await c.web.checkNameAvailability(item.name, 'Site');
      return r.nameAvailable === false ? { ...item, taken: why(r.reason, r.message) } : item;
    }
    if (item.kind === 'PostgreSQL') {
      const r = await c.postgres.nameAvailability.checkGlobally({
        name: item.name,
        type: 'Microsoft.DBforPostgreSQL/flexibleServers',
      });
      return r.nameAvailable === false ? { ...item, taken: why(r.reason, r.message) } : item;
    }
    if (item.kind === 'Azure Bot') {
      const r = await c.bots.bots.getCheckNameAvailability({
        name: item.name,
        type: 'Microsoft.BotService/botServices',
      });
      return r.valid === false ? { ...item, taken: why(r.absCode, r.message) } : item;
    }
  } catch {
    // The check is advice: if it cannot answer, the create itself reports a conflict.
  }
  return item;
}
