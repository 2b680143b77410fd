import { FakeArmError, notFound, type FakeArmState, type Reply } from './fake-arm-state';
import { hosted, listInGroup, requireLocation, type Addressed } from './hosting-routes';
import { resourceId, type HostedResource } from './hosting-state';
import { group, obj, path, RG, str, type Route, type RouteContext } from './route';

const PLAN_TYPE = 'Microsoft.Web/serverfarms';
const SITE_TYPE = 'Microsoft.Web/sites';
const PLANS = `${RG}/providers/microsoft\\.web/serverfarms`;
const SITES = `${RG}/providers/microsoft\\.web/sites`;
const VERSIONS = ['2025-05-01', '2024-11-01', '2024-04-01', '2023-12-01'];
const TIERS: Record<string, string> = {
  F: 'Free',
  D: 'Shared',
  B: 'Basic',
  S: 'Standard',
  P: 'PremiumV3',
};

/** App Service's error, as its REST spec (DefaultErrorResponse) documents it. */
const webError = (status: number, code: string, message: string) =>
  new FakeArmError(status, { code, message, details: [{ code, message }] });

function putPlan(ctx: RouteContext, { rg, name, id }: Addressed): Reply {
  const { state: s, body } = ctx;
  const h = s.hosting;
  const sites = h.list(SITE_TYPE).filter((w) => sitePlan(w) === id.toLowerCase());
  s.requireProvider('Microsoft.Web');
  const group_ = s.requireResourceGroup(rg);
  const location = requireLocation(body);
  const sku = obj(body.sku);
  const skuName = str(sku.name) ?? '';
  const tier = TIERS[skuName.charAt(0).toUpperCase()];
  if (!tier || !/^[FDBSP]\d/i.test(skuName)) {
    throw webError(
      400,
      'BadRequest',
      `The pricing tier '${skuName}' is not allowed in this resource group.`,
    );
  }
  const reserved = obj(body.properties).reserved === true;
  const reply = {
    id: resourceId(s.subscriptionId, group_.name, PLAN_TYPE, name),
    name,
    type: PLAN_TYPE,
    kind: str(body.kind) ?? (reserved ? 'linux' : 'app'),
    location,
    tags: obj(body.tags),
    sku: {
      name: skuName,
      tier: str(sku.tier) ?? tier,
      size: skuName,
      family: skuName.replace(/\d.*$/, ''),
      capacity: typeof sku.capacity === 'number' ? sku.capacity : 1,
    },
    properties: {
      serverFarmId: 1000 + h.resources.size,
      name,
      status: 'Ready',
      reserved,
      numberOfSites: sites.length,
      provisioningState: 'Succeeded',
      maximumNumberOfWorkers: 3,
      perSiteScaling: false,
      elasticScaleEnabled: false,
      zoneRedundant: false,
      hyperV: false,
      isXenon: false,
    },
  };
  h.set({ id: reply.id, rg: group_.name, type: PLAN_TYPE, name, body: reply });
  return { status: 200, body: reply };
}

const sitePlan = (w: HostedResource) => String(obj(w.body.properties).serverFarmId).toLowerCase();

function hostsOf(s: FakeArmState, name: string): { app: string; scm: string } {
  return (
    s.hosting.settings.siteHosts ?? {
      app: `${name}.azurewebsites.net`,
      scm: `${name}.scm.azurewebsites.net`,
    }
  );
}

/** The identity block of the reply: each user-assigned identity with its principal and client id. */
function siteIdentity(s: FakeArmState, raw: unknown): Record<string, unknown> | undefined {
  const ident = obj(raw);
  const type = str(ident.type);
  if (!type || type === 'None') return undefined;
  const assigned: Record<string, unknown> = {};
  for (const uid of Object.keys(obj(ident.userAssignedIdentities))) {
    const found = s.hosting.get(uid);
    if (!found || found.type !== 'Microsoft.ManagedIdentity/userAssignedIdentities') {
      throw new FakeArmError(400, {
        code: 'FailedIdentityOperation',
        message: `Identity operation for resource failed with error 'Resource '${uid}' was not found.'.`,
      });
    }
    const p = obj(found.body.properties);
    assigned[found.id] = { principalId: p.principalId, clientId: p.clientId };
  }
  return { type, ...(Object.keys(assigned).length ? { userAssignedIdentities: assigned } : {}) };
}

function putSite(ctx: RouteContext, { rg, name, id, existing }: Addressed): Reply {
  const { state: s, body } = ctx;
  const h = s.hosting;
  s.requireProvider('Microsoft.Web');
  const group_ = s.requireResourceGroup(rg);
  const location = requireLocation(body);
  const lname = name.toLowerCase();
  const elsewhere = h
    .list(SITE_TYPE)
    .some((w) => w.name.toLowerCase() === lname && w.id.toLowerCase() !== id.toLowerCase());
  if (h.taken.sites.has(lname) || elsewhere) {
    throw webError(409, 'Conflict', `Website with given name ${name} already exists.`);
  }
  const props = obj(body.properties);
  const farmId = str(props.serverFarmId) ?? '';
  const farm = h.get(farmId);
  if (!farm || farm.type !== PLAN_TYPE) {
    throw webError(
      404,
      'NotFound',
      `Cannot find ServerFarm with name ${farmId.split('/').pop() ?? ''}.`,
    );
  }
  const siteConfig = obj(props.siteConfig);
  const settings = Array.isArray(siteConfig.appSettings)
    ? Object.fromEntries(
        (siteConfig.appSettings as unknown[]).map((e) => [
          str(obj(e).name) ?? '',
          str(obj(e).value) ?? '',
        ]),
      )
    : ((existing?.hidden?.appSettings as Record<string, string> | undefined) ?? {});
  const config: Record<string, unknown> = {
    ...obj(existing?.hidden?.siteConfig),
    ...siteConfig,
    appSettings: null,
  };
  const { app, scm } = hostsOf(s, name);
  const identity = siteIdentity(s, body.identity);
  const reply = {
    id: resourceId(s.subscriptionId, group_.name, SITE_TYPE, name),
    name,
    type: SITE_TYPE,
    kind: str(body.kind) ?? 'app',
    location,
    tags: obj(body.tags),
    ...(identity ? { identity } : {}),
    properties: {
      state: 'Running',
      hostNames: [app],
      enabledHostNames: [app, scm],
      defaultHostName: app,
      hostNameSslStates: [
        { name: app, sslState: 'Disabled', hostType: 'Standard' },
        { name: scm, sslState: 'Disabled', hostType: 'Repository' },
      ],
      serverFarmId: farm.id,
      reserved: farm.body.kind === 'linux',
      enabled: true,
      httpsOnly: props.httpsOnly === true,
      clientAffinityEnabled: props.clientAffinityEnabled !== false,
      usageState: 'Normal',
      availabilityState: 'Normal',
      siteConfig: {
        linuxFxVersion: str(config.linuxFxVersion) ?? '',
        alwaysOn: config.alwaysOn === true,
        appSettings: null,
      },
      outboundIpAddresses: '127.0.0.1',
      keyVaultReferenceIdentity: 'SystemAssigned',
      lastModifiedTimeUtc: s.now().toISOString(),
    },
  };
  h.set({
    id: reply.id,
    rg: group_.name,
    type: SITE_TYPE,
    name,
    body: reply,
    hidden: { appSettings: settings, siteConfig: config },
  });
  obj(farm.body.properties).numberOfSites = h
    .list(SITE_TYPE)
    .filter((w) => sitePlan(w) === farm.id.toLowerCase()).length;
  return { status: existing ? 200 : 201, body: reply };
}

/** `config/appsettings` (PUT replaces all, POST .../list reads) and `config/web`. */
function siteConfigRoute(ctx: RouteContext): Reply {
  const { state: s } = ctx;
  const [rg, name, which] = [group(ctx.m, 2), group(ctx.m, 3), group(ctx.m, 4).toLowerCase()];
  const w = s.hosting.get(resourceId(s.subscriptionId, rg, SITE_TYPE, name));
  if (!w) throw notFound(SITE_TYPE, name);
  const hidden = (w.hidden ??= {});
  const base = {
    id: `${w.id}/config/${which.startsWith('web') ? 'web' : 'appsettings'}`,
    type: 'Microsoft.Web/sites/config',
    location: w.body.location,
  };
  if (which === 'web' && ctx.method === 'PUT') {
    hidden.siteConfig = {
      ...obj(hidden.siteConfig),
      ...obj(ctx.body.properties),
      appSettings: null,
    };
  }
  if (which === 'web')
    return { status: 200, body: { ...base, name: 'web', properties: obj(hidden.siteConfig) } };
  if (ctx.method === 'PUT') {
    const next: Record<string, string> = {};
    for (const [k, v] of Object.entries(obj(ctx.body.properties)))
      next[k] = typeof v === 'string' ? v : String(v);
    hidden.appSettings = next;
  }
  return {
    status: 200,
    body: { ...base, name: 'appsettings', properties: obj(hidden.appSettings) },
  };
}

/** App Service plans and web apps (2025-05-01), sites answering the fake Kudu's host names. */
export const webRoutes: Route[] = [
  { methods: ['GET'], pattern: path(PLANS), apiVersions: VERSIONS, handle: listInGroup(PLAN_TYPE) },
  {
    methods: ['PUT', 'GET', 'DELETE'],
    pattern: path(`${PLANS}/([^/]+)`),
    apiVersions: VERSIONS,
    handle: (ctx) =>
      hosted(ctx, PLAN_TYPE, {
        put: (a) => putPlan(ctx, a),
        del: ({ name, id }) => {
          const sites = ctx.state.hosting
            .list(SITE_TYPE)
            .filter((w) => sitePlan(w) === id.toLowerCase());
          if (sites.length > 0) {
            throw webError(
              409,
              'Conflict',
              `Server farm '${name}' cannot be deleted because it has web app(s) ${sites.map((w) => w.name).join(',')} assigned to it.`,
            );
          }
          ctx.state.hosting.remove(id);
          return { status: 200 };
        },
      }),
  },
  { methods: ['GET'], pattern: path(SITES), apiVersions: VERSIONS, handle: listInGroup(SITE_TYPE) },
  {
    methods: ['PUT', 'GET', 'DELETE'],
    pattern: path(`${SITES}/([^/]+)`),
    apiVersions: VERSIONS,
    handle: (ctx) => hosted(ctx, SITE_TYPE, { put: (a) => putSite(ctx, a) }),
  },
  {
    methods: ['PUT', 'GET'],
    pattern: path(`${SITES}/([^/]+)/config/(appsettings|web)`),
    apiVersions: VERSIONS,
    handle: (ctx) => {
      if (ctx.method === 'GET' && group(ctx.m, 4).toLowerCase() === 'appsettings') {
        throw new FakeArmError(405, {
          code: 'MethodNotAllowed',
          message: 'Use POST .../config/appsettings/list.',
        });
      }
      return siteConfigRoute(ctx);
    },
  },
  {
    methods: ['POST'],
    pattern: path(`${SITES}/([^/]+)/config/(appsettings)/list`),
    apiVersions: VERSIONS,
    handle: siteConfigRoute,
  },
];
