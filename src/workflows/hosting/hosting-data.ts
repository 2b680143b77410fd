import { found, isBusy, step, waitUntilSettled, type HostingContext } from './hosting-context';
import { HOSTING_PRICES } from './hosting-prices';

/** The resource providers `azure up` creates resources in; a new subscription has few of them. */
export const HOSTING_NAMESPACES = [
  'Microsoft.ManagedIdentity',
  'Microsoft.OperationalInsights',
  'Microsoft.Insights',
  'Microsoft.DBforPostgreSQL',
  'Microsoft.Web',
  'Microsoft.BotService',
] as const;

/** App Insights through the generic client: the typed SDK only speaks the retired 2015 API. */
export const INSIGHTS_API_VERSION = '2020-02-02';

export interface BotIdentity {
  readonly id: string;
  readonly clientId: string;
  readonly principalId: string;
  readonly tenantId: string;
}

export async function ensureResourceGroup(ctx: HostingContext): Promise<void> {
  const { resources } = ctx.clients;
  const rg = ctx.target.resourceGroup;
  await step(ctx, `Resource group ${rg}`, rg, async () => {
    const exists = (await resources.resourceGroups.checkExistence(rg)).body;
    if (!exists) {
      await resources.resourceGroups.createOrUpdate(rg, {
        location: ctx.target.location,
        tags: ctx.tags,
      });
    }
    return { value: undefined, created: !exists };
  });
}

export async function ensureProviders(ctx: HostingContext): Promise<void> {
  const { providers } = ctx.clients.resources;
  await step(ctx, 'Resource providers', 'providers', async () => {
    const missing: string[] = [];
    for (const ns of HOSTING_NAMESPACES) {
      const p = await providers.get(ns);
      if (p.registrationState?.toLowerCase() !== 'registered') missing.push(ns);
    }
    for (const ns of missing) await providers.register(ns);
    for (const ns of missing) {
      await waitUntilSettled(
        ctx,
        () => providers.get(ns),
        (p) => p.registrationState?.toLowerCase() !== 'registered',
        ns,
      );
    }
    const detail = missing.length ? `registered ${missing.join(', ')}` : 'all registered';
    return { value: undefined, created: missing.length > 0, detail };
  });
}

export async function ensureIdentity(ctx: HostingContext): Promise<BotIdentity> {
  const { identities } = ctx.clients;
  const rg = ctx.target.resourceGroup;
  const name = ctx.names.identity;
  return step(ctx, `Managed identity ${name}`, name, async () => {
    const existing = await found(() => identities.userAssignedIdentities.get(rg, name));
    const identity =
      existing ??
      (await identities.userAssignedIdentities.createOrUpdate(rg, name, {
        location: ctx.target.location,
        tags: ctx.tags,
      }));
    const value = {
      id: identity.id ?? '',
      clientId: identity.clientId ?? '',
      principalId: identity.principalId ?? '',
      tenantId: identity.tenantId ?? '',
    };
    return { value, created: existing === undefined, detail: `client id ${value.clientId}` };
  });
}

/** Log Analytics workspace + workspace-based Application Insights; returns the connection string. */
export async function ensureMonitoring(ctx: HostingContext): Promise<string> {
  const { logs, resources } = ctx.clients;
  const rg = ctx.target.resourceGroup;
  const { workspace: wsName, insights } = ctx.names;
  const workspace = await step(ctx, `Log Analytics workspace ${wsName}`, wsName, async () => {
    const existing = await found(() => logs.workspaces.get(rg, wsName));
    if (existing && !isBusy(existing.provisioningState)) {
      return { value: existing, created: false };
    }
    const value = existing
      ? await waitUntilSettled(
          ctx,
          () => found(() => logs.workspaces.get(rg, wsName)),
          (w) => isBusy(w.provisioningState),
          wsName,
        )
      : await logs.workspaces.createOrUpdate(rg, wsName, {
          location: ctx.target.location,
          tags: ctx.tags,
          sku: { name: 'PerGB2018' },
          retentionInDays: 30,
        });
    return { value, created: true };
  });
  const id = `/subscriptions/${ctx.clients.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Insights/components/${insights}`;
  return step(ctx, `Application Insights ${insights}`, insights, async () => {
    const existing = await found(() => resources.resources.getById(id, INSIGHTS_API_VERSION));
    const component =
      existing ??
      (await resources.resources.beginCreateOrUpdateByIdAndWait(id, INSIGHTS_API_VERSION, {
        location: ctx.target.location,
        kind: 'web',
        tags: ctx.tags,
        properties: {
          Application_Type: 'web',
          WorkspaceResourceId: workspace.id,
          IngestionMode: 'LogAnalytics',
        },
      }));
    const props = component.properties as { ConnectionString?: unknown } | undefined;
    const connection = typeof props?.ConnectionString === 'string' ? props.ConnectionString : '';
    if (!connection) throw new Error(`${insights} has no connection string yet; run again.`);
    return { value: connection, created: existing === undefined };
  });
}

/**
 * PostgreSQL with Entra sign-in only: the bot's identity is the server's Entra admin and signs in
 * with a token (DATABASE_AUTH=entra), so there is no password anywhere. Returns the host name
 * ARM reports (sovereign clouds and the tests' stand-in have other suffixes).
 */
export async function ensurePostgres(ctx: HostingContext, identity: BotIdentity): Promise<string> {
  const pg = ctx.clients.postgres;
  const rg = ctx.target.resourceGroup;
  const n = ctx.names;
  const server = await step(ctx, `PostgreSQL server ${n.postgres}`, n.postgres, async () => {
    const get = () => found(() => pg.servers.get(rg, n.postgres));
    const existing = await get();
    if (existing && !isBusy(existing.state)) return { value: existing, created: false };
    const value = existing
      ? await waitUntilSettled(ctx, get, (s) => isBusy(s.state), n.postgres)
      : await pg.servers.beginCreateOrUpdateAndWait(rg, n.postgres, {
          location: ctx.target.location,
          tags: ctx.tags,
          sku: { name: 'Standard_B1ms', tier: 'Burstable' },
          version: '16',
          storage: { storageSizeGB: HOSTING_PRICES.postgresStorageGb },
          authConfig: {
            activeDirectoryAuth: 'Enabled',
            passwordAuth: 'Disabled',
            tenantId: identity.tenantId,
          },
          network: { publicNetworkAccess: 'Enabled' },
          highAvailability: { mode: 'Disabled' },
          backup: { backupRetentionDays: 7, geoRedundantBackup: 'Disabled' },
          createMode: 'Create',
        });
    return { value, created: true };
  });
  if (server.state?.toLowerCase() === 'stopped') {
    await step(ctx, `Start ${n.postgres}`, n.postgres, async () => {
      await pg.servers.beginStartAndWait(rg, n.postgres);
      return { value: undefined, created: true, detail: 'started' };
    });
  }
  await step(ctx, `PostgreSQL admin ${n.identity}`, n.postgres, async () => {
    const get = () =>
      found(() => pg.administratorsMicrosoftEntra.get(rg, n.postgres, identity.principalId));
    if (await get()) return { value: undefined, created: false };
    await pg.administratorsMicrosoftEntra.beginCreateOrUpdateAndWait(
      rg,
      n.postgres,
      identity.principalId,
      { principalType: 'ServicePrincipal', principalName: n.identity, tenantId: identity.tenantId },
    );
    return { value: undefined, created: true };
  });
  await step(ctx, 'PostgreSQL firewall: Azure services', n.postgres, async () => {
    if (await found(() => pg.firewallRules.get(rg, n.postgres, n.firewallRule))) {
      return { value: undefined, created: false };
    }
    await pg.firewallRules.beginCreateOrUpdateAndWait(rg, n.postgres, n.firewallRule, {
      startIpAddress: '0.0.0.0',
      endIpAddress: '0.0.0.0',
    });
    return { value: undefined, created: true };
  });
  await step(ctx, `Database ${n.database}`, n.database, async () => {
    if (await found(() => pg.databases.get(rg, n.postgres, n.database))) {
      return { value: undefined, created: false };
    }
    await pg.databases.beginCreateAndWait(rg, n.postgres, n.database, {
      charset: 'UTF8',
      collation: 'en_US.utf8',
    });
    return { value: undefined, created: true };
  });
  const host = server.fullyQualifiedDomainName;
  if (!host) throw new Error(`${n.postgres} reports no host name yet; run the command again.`);
  return host;
}
