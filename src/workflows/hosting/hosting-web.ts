import type { Site } from '@azure/arm-appservice';
import { found, step, type HostingContext } from './hosting-context';
import type { BotIdentity } from './hosting-data';

/** What the web app must run with; nothing here is a password (the identity signs in). */
export interface AppSettingsInput {
  readonly identity: BotIdentity;
  readonly postgresHost: string;
  readonly insightsConnection: string;
}

/** The Node runtime App Service runs the bot on (the project's own runtime, issue 10). */
export const LINUX_RUNTIME = 'NODE|24-lts';

export function desiredAppSettings(ctx: HostingContext, s: AppSettingsInput) {
  const dbUser = encodeURIComponent(ctx.names.identity);
  return {
    MicrosoftAppId: s.identity.clientId,
    MicrosoftAppType: 'UserAssignedMSI',
    MicrosoftAppTenantId: s.identity.tenantId,
    // DefaultAzureCredential picks the user-assigned identity by this id (ARM, OpenAI, Postgres).
    AZURE_CLIENT_ID: s.identity.clientId,
    AZURE_SUBSCRIPTION_ID: ctx.clients.subscriptionId,
    DATABASE_URL: `postgres://${dbUser}@${s.postgresHost}:5432/${ctx.names.database}?sslmode=require`,
    DATABASE_AUTH: 'entra',
    APPLICATIONINSIGHTS_CONNECTION_STRING: s.insightsConnection,
    // Names the lab (rg-<name>, ...) after this bot, apart from its own group.
    ENVIRONMENT_NAME: ctx.target.name,
    WEBSITE_HEALTHCHECK_MAXPINGFAILURES: '3',
    HOST: '0.0.0.0',
    NODE_ENV: 'production',
    // The zip already holds node_modules (production only): no build on the server.
    SCM_DO_BUILD_DURING_DEPLOYMENT: 'false',
  } satisfies Record<string, string>;
}

export async function ensurePlan(ctx: HostingContext): Promise<string> {
  const { web } = ctx.clients;
  const rg = ctx.target.resourceGroup;
  const name = ctx.names.plan;
  return step(ctx, `App Service plan ${name} (Linux B1)`, name, async () => {
    const existing = await found(() => web.appServicePlans.get(rg, name));
    const plan =
      existing ??
      (await web.appServicePlans.createOrUpdate(rg, name, {
        location: ctx.target.location,
        tags: ctx.tags,
        kind: 'linux',
        reserved: true,
        sku: { name: 'B1', tier: 'Basic', capacity: 1 },
      }));
    return { value: plan.id ?? '', created: existing === undefined };
  });
}

/** The app's public host and its publish (SCM) host, both as ARM reports them. */
export interface SiteHosts {
  readonly appHost: string;
  readonly scmHost: string;
}

export function siteHosts(site: Site): SiteHosts {
  const appHost = site.defaultHostName ?? site.enabledHostNames?.[0];
  const scmHost =
    site.hostNameSslStates?.find((h) => h.hostType?.toLowerCase() === 'repository')?.name ??
    site.enabledHostNames?.find((h) => h !== appHost);
  if (!appHost || !scmHost) {
    throw new Error(`${site.name ?? 'The web app'} reports no host names yet; run again.`);
  }
  return { appHost, scmHost };
}

/**
 * `settings` are kept as given on every run; `defaults` only fill a gap (the first admin is the
 * operator, and an operator who later edits the admin list keeps their edit).
 */
export async function ensureSite(
  ctx: HostingContext,
  planId: string,
  wanted: { settings: Record<string, string>; defaults: Record<string, string> },
  identity: BotIdentity,
): Promise<SiteHosts> {
  const settings = wanted.settings;
  const { web } = ctx.clients;
  const rg = ctx.target.resourceGroup;
  const name = ctx.names.site;
  const site = await step(ctx, `Web app ${name}`, name, async () => {
    // A site is created in one synchronous PUT: it exists whole or not at all.
    const existing = await found(() => web.webApps.get(rg, name));
    if (existing) return { value: existing, created: false };
    const value = await web.webApps.createOrUpdate(rg, name, {
      location: ctx.target.location,
      tags: ctx.tags,
      kind: 'app,linux',
      serverFarmId: planId,
      reserved: true,
      httpsOnly: true,
      identity: { type: 'UserAssigned', userAssignedIdentities: { [identity.id]: {} } },
      siteConfig: {
        linuxFxVersion: LINUX_RUNTIME,
        // Without Always On the app idles out and the scheduled drift alerts stop.
        alwaysOn: true,
        healthCheckPath: '/readyz',
        // npm start carries the bot's node flags (docs/architecture.md "Memory at idle").
        appCommandLine: 'npm start',
        minTlsVersion: '1.2',
        ftpsState: 'Disabled',
        appSettings: Object.entries(settings).map(([n, value]) => ({ name: n, value })),
      },
    });
    return { value, created: true };
  });
  await step(ctx, `App settings of ${name}`, name, async () => {
    const current = (await web.webApps.listApplicationSettings(rg, name)).properties ?? {};
    const missing = Object.keys(wanted.defaults).filter((k) => current[k] === undefined);
    const stale = [...Object.keys(settings).filter((k) => current[k] !== settings[k]), ...missing];
    if (stale.length === 0) return { value: undefined, created: false, detail: 'up to date' };
    // The settings API replaces the whole set: keep what an operator added by hand.
    await web.webApps.updateApplicationSettings(rg, name, {
      properties: { ...wanted.defaults, ...current, ...settings },
    });
    return { value: undefined, created: true, detail: `set ${stale.sort().join(', ')}` };
  });
  return siteHosts(site);
}

export async function ensureBot(
  ctx: HostingContext,
  identity: BotIdentity,
  appHost: string,
): Promise<string> {
  const { bots } = ctx.clients;
  const rg = ctx.target.resourceGroup;
  const name = ctx.names.bot;
  const endpoint = `https://${appHost}/api/messages`;
  await step(ctx, `Azure Bot ${name} (F0)`, name, async () => {
    const existing = await found(() => bots.bots.get(rg, name));
    const p = existing?.properties;
    if (p && p.endpoint === endpoint && p.msaAppId === identity.clientId) {
      return { value: undefined, created: false };
    }
    await bots.bots.create(rg, name, {
      location: 'global',
      kind: 'azurebot',
      sku: { name: 'F0' },
      tags: ctx.tags,
      properties: {
        displayName: ctx.target.name,
        endpoint,
        msaAppId: identity.clientId,
        msaAppType: 'UserAssignedMSI',
        msaAppMSIResourceId: identity.id,
        msaAppTenantId: identity.tenantId,
      },
    });
    return { value: undefined, created: true, detail: existing ? 'endpoint updated' : 'created' };
  });
  await step(ctx, 'Teams channel', name, async () => {
    if (await found(() => bots.channels.get(rg, name, 'MsTeamsChannel'))) {
      return { value: undefined, created: false };
    }
    await bots.channels.create(rg, name, 'MsTeamsChannel', {
      location: 'global',
      properties: { channelName: 'MsTeamsChannel', properties: { isEnabled: true } },
    });
    return { value: undefined, created: true };
  });
  return endpoint;
}
