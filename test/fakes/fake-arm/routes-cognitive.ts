import {
  FakeArmError,
  key,
  notFound,
  type AccountState,
  type DeploymentState,
  type FakeArmState,
  type Reply,
} from './fake-arm-state';
import { catalogItem } from './model-catalog';
import {
  asyncHeaders,
  group,
  locationHeaders,
  obj,
  path,
  RG,
  str,
  SUB,
  type Route,
  type RouteContext,
} from './route';

const NS = 'Microsoft.CognitiveServices';
const ACCT = `${RG}/providers/microsoft\\.cognitiveservices/accounts`;
const PROV = `${SUB}/providers/microsoft\\.cognitiveservices`;

const accountId = (s: FakeArmState, a: { rg: string; name: string }) =>
  `/subscriptions/${s.subscriptionId}/resourceGroups/${a.rg}/providers/${NS}/accounts/${a.name}`;

function accountBody(s: FakeArmState, a: AccountState): Record<string, unknown> {
  return {
    id: accountId(s, a),
    name: a.name,
    type: `${NS}/accounts`,
    location: a.location,
    kind: a.kind,
    sku: { name: a.sku },
    tags: a.tags,
    etag: `"${a.state}"`,
    properties: {
      customSubDomainName: a.subdomain,
      endpoint: `https://${a.subdomain}.openai.azure.com/`,
      provisioningState: a.state,
      publicNetworkAccess: 'Enabled',
    },
  };
}

function deploymentBody(s: FakeArmState, d: DeploymentState): Record<string, unknown> {
  return {
    id: `${accountId(s, { rg: d.rg, name: d.account })}/deployments/${d.name}`,
    name: d.name,
    type: `${NS}/accounts/deployments`,
    sku: d.sku,
    properties: {
      model: d.model,
      provisioningState: d.state,
      versionUpgradeOption: d.versionUpgradeOption ?? 'OnceNewDefaultVersionAvailable',
      rateLimits: [
        { key: 'request', renewalPeriod: 10, count: d.sku.capacity },
        { key: 'token', renewalPeriod: 60, count: d.sku.capacity * 1000 },
      ],
    },
  };
}

function subdomainInUse(s: FakeArmState, sub: string, rg: string, name: string): boolean {
  const k = key(rg, name);
  if (s.takenSubdomains.has(sub.toLowerCase())) return true;
  for (const [ak, a] of s.accounts) if (ak !== k && a.subdomain === sub.toLowerCase()) return true;
  for (const [dk, d] of s.deletedAccounts)
    if (dk !== k && d.subdomain === sub.toLowerCase()) return true;
  return false;
}

function regionFault(s: FakeArmState, region: string, on: 'account' | 'deployment'): void {
  const f = s.regionFaults.get(region);
  if (!f || f.on !== on) return;
  const message =
    f.code === 'SpecialFeatureOrQuotaIdRequired'
      ? "The subscription does not have QuotaId/Feature required by SKU 'S0' from kind 'OpenAI' or contains blocked QuotaId/Feature."
      : `This operation require 5 new capacity in quota Tokens Per Minute (thousands), which is bigger than the current available capacity 0 in region '${region}'.`;
  throw new FakeArmError(400, { code: f.code, message });
}

function putAccount(ctx: RouteContext, rg: string, name: string): Reply {
  const { state: s, body } = ctx;
  s.requireProvider(NS);
  s.requireResourceGroup(rg);
  const location = str(body.location)?.toLowerCase();
  const props = obj(body.properties);
  const k = key(rg, name);
  const existing = s.accounts.get(k);
  if (!location || !s.catalog.has(location)) {
    throw new FakeArmError(400, {
      code: 'LocationNotAvailableForResourceType',
      message: `The provided location '${location ?? ''}' is not available for resource type '${NS}/accounts'.`,
    });
  }
  if (str(body.kind) !== 'OpenAI' || str(obj(body.sku).name) !== 'S0') {
    throw new FakeArmError(400, {
      code: 'InvalidResourceProperties',
      message: `The specified SKU '${str(obj(body.sku).name) ?? ''}' of account kind '${str(body.kind) ?? ''}' is not supported.`,
    });
  }
  if (existing) {
    existing.tags = obj(body.tags) as Record<string, string>;
    return { status: 200, body: accountBody(s, existing) };
  }
  const deleted = s.deletedAccounts.get(k);
  if (deleted && props.restore !== true) {
    throw new FakeArmError(409, {
      code: 'FlagMustBeSetForRestore',
      message: `An existing resource with ID '${accountId(s, { rg, name })}' has been soft-deleted. To restore the resource, you must specify 'restore' to be 'true' in the property. If you don't want to restore existing resource, please purge it first.`,
    });
  }
  const subdomain = (str(props.customSubDomainName) ?? deleted?.subdomain ?? name).toLowerCase();
  if (subdomainInUse(s, subdomain, rg, name)) {
    throw new FakeArmError(409, {
      code: 'CustomDomainInUse',
      message: `Please pick a different name. The subdomain name '${subdomain}' is not available as it's already used by a resource. If the resource using the name was deleted in the last 48 hours, you may need to purge the deleted resource.`,
    });
  }
  regionFault(s, location, 'account');
  if (deleted) s.deletedAccounts.delete(k);
  const acct: AccountState = {
    rg: s.requireResourceGroup(rg).name,
    name,
    location: deleted?.location ?? location,
    kind: 'OpenAI',
    sku: 'S0',
    tags: obj(body.tags) as Record<string, string>,
    subdomain,
    state: 'Creating',
    getsUntilReady: s.pollsBeforeDone,
  };
  s.accounts.set(k, acct);
  return { status: 201, body: accountBody(s, acct) };
}

function account(ctx: RouteContext): Reply {
  const { state: s } = ctx;
  const [rg, name] = [group(ctx.m, 2), group(ctx.m, 3)];
  if (ctx.method === 'PUT') return putAccount(ctx, rg, name);
  const a = s.accounts.get(key(rg, name));
  if (ctx.method === 'GET') {
    if (!a) throw notFound(`${NS}/accounts`, name);
    if (a.state === 'Creating' && --a.getsUntilReady <= 0) a.state = 'Succeeded';
    return { status: 200, body: accountBody(s, a) };
  }
  if (!a) return { status: 204 };
  a.state = 'Deleting';
  const op = s.newOperation('location', () => {
    s.accounts.delete(key(rg, name));
    for (const [k, d] of s.deployments)
      if (key(d.rg, d.account) === key(rg, name)) s.deployments.delete(k);
    s.deletedAccounts.set(key(rg, name), { ...a, deletedAt: s.now().toISOString() });
    return undefined;
  });
  return { status: 202, headers: locationHeaders(ctx, NS, a.location, op) };
}

function checkModel(s: FakeArmState, region: string, d: DeploymentState): void {
  const { name, version } = d.model;
  const entry = s.catalog.get(region)?.find((m) => m.name === name && m.version === version);
  if (!entry) {
    throw new FakeArmError(400, {
      code: 'DeploymentModelNotSupported',
      message: `The model 'Format: OpenAI, Name: ${name}, Version: ${version}' of account deployment is not supported.`,
    });
  }
  if (Date.parse(entry.inferenceRetirement) <= s.now().getTime()) {
    throw new FakeArmError(400, {
      code: 'ServiceModelDeprecated',
      message: `The model 'Format: OpenAI, Name: ${name}, Version: ${version}' has been deprecated since ${entry.inferenceRetirement.slice(0, 10)}.`,
    });
  }
  const sku = entry.skus.find((k) => k.name === d.sku.name);
  if (!sku || Date.parse(sku.deprecationDate) <= s.now().getTime()) {
    throw new FakeArmError(400, {
      code: 'InvalidResourceProperties',
      message: `The specified SKU '${d.sku.name}' for model '${name} ${version}' is not supported in this region '${region}'.`,
    });
  }
  regionFault(s, region, 'deployment');
  const available = s.quotaLimit(region, sku.usageName) - s.quotaUsed(region, sku.usageName);
  if (d.sku.capacity > available) {
    throw new FakeArmError(400, {
      code: 'InsufficientQuota',
      message: `This operation require ${d.sku.capacity} new capacity in quota Tokens Per Minute (thousands) - ${name}, which is bigger than the current available capacity ${available}. The current quota usage is ${s.quotaUsed(region, sku.usageName)} and the quota limit is ${s.quotaLimit(region, sku.usageName)}.`,
    });
  }
}

function deployment(ctx: RouteContext): Reply {
  const { state: s, body } = ctx;
  const [rg, acctName, name] = [group(ctx.m, 2), group(ctx.m, 3), group(ctx.m, 4)];
  const a = s.accounts.get(key(rg, acctName));
  if (!a) throw notFound(`${NS}/accounts`, acctName);
  const k = key(rg, acctName, name);
  const existing = s.deployments.get(k);
  if (ctx.method === 'GET') {
    if (!existing) throw notFound(`${NS}/accounts/deployments`, name);
    return { status: 200, body: deploymentBody(s, existing) };
  }
  if (ctx.method === 'DELETE') {
    s.deployments.delete(k);
    return { status: existing ? 200 : 204 };
  }
  const sku = obj(body.sku);
  const model = obj(obj(body.properties).model);
  const d: DeploymentState = {
    rg: a.rg,
    account: a.name,
    name,
    sku: {
      name: str(sku.name) ?? '',
      capacity: typeof sku.capacity === 'number' ? sku.capacity : 1,
    },
    model: {
      format: str(model.format) ?? '',
      name: str(model.name) ?? '',
      version: str(model.version) ?? '',
    },
    state: 'Creating',
  };
  const upgrade = str(obj(body.properties).versionUpgradeOption);
  if (upgrade) d.versionUpgradeOption = upgrade;
  if (existing) s.deployments.delete(k);
  try {
    checkModel(s, a.location, d);
  } finally {
    if (existing) s.deployments.set(k, existing);
  }
  const failure = s.nextAsyncDeploymentFailure;
  s.nextAsyncDeploymentFailure = undefined;
  s.deployments.set(k, d);
  const op = s.newOperation('async', () => {
    d.state = failure ? 'Failed' : 'Succeeded';
    return failure;
  });
  return {
    status: existing ? 200 : 201,
    headers: asyncHeaders(ctx, NS, a.location, op),
    body: deploymentBody(s, d),
  };
}

function deletedAccount(ctx: RouteContext): Reply {
  const { state: s } = ctx;
  const [loc, rg, name] = [group(ctx.m, 2), group(ctx.m, 3), group(ctx.m, 4)];
  const d = s.deletedAccounts.get(key(rg, name));
  if (!d || d.location !== loc.toLowerCase()) throw notFound(`${NS}/deletedAccounts`, name);
  if (ctx.method === 'GET')
    return {
      status: 200,
      body: accountBody(s, { ...d, tags: {}, state: 'Succeeded', getsUntilReady: 0 }),
    };
  const op = s.newOperation('location', () => {
    s.deletedAccounts.delete(key(rg, name));
    return undefined;
  });
  return { status: 202, headers: locationHeaders(ctx, NS, d.location, op) };
}

/**
 * The keys `listKeys` returns for an account: distinct per account and easy to search for, so
 * tests can prove key1 went into the Databricks secret and nowhere else.
 */
export function fakeAccountKeys(rg: string, name: string): { key1: string; key2: string } {
  const id = Buffer.from(key(rg, name)).toString('hex').slice(0, 24);
  return { key1: `fake-arm-key1-${id}`, key2: `fake-arm-key2-${id}` };
}

/** Azure OpenAI accounts, deployments, catalogue, quota, soft-delete and purge. */
export const cognitiveRoutes: Route[] = [
  {
    methods: ['GET'],
    pattern: path(ACCT),
    handle: ({ state: s, m }) => ({
      status: 200,
      body: {
        value: [...s.accounts.values()]
          .filter((a) => a.rg.toLowerCase() === group(m, 2).toLowerCase())
          .map((a) => accountBody(s, a)),
      },
    }),
  },
  { methods: ['PUT', 'GET', 'DELETE'], pattern: path(`${ACCT}/([^/]+)`), handle: account },
  {
    methods: ['POST'],
    pattern: path(`${ACCT}/([^/]+)/listKeys`),
    handle: ({ state: s, m }) => {
      if (!s.accounts.has(key(group(m, 2), group(m, 3))))
        throw notFound(`${NS}/accounts`, group(m, 3));
      return { status: 200, body: fakeAccountKeys(group(m, 2), group(m, 3)) };
    },
  },
  {
    methods: ['GET'],
    pattern: path(`${ACCT}/([^/]+)/deployments`),
    handle: ({ state: s, m }) => ({
      status: 200,
      body: {
        value: [...s.deployments.values()]
          .filter((d) => key(d.rg, d.account) === key(group(m, 2), group(m, 3)))
          .map((d) => deploymentBody(s, d)),
      },
    }),
  },
  {
    methods: ['PUT', 'GET', 'DELETE'],
    pattern: path(`${ACCT}/([^/]+)/deployments/([^/]+)`),
    handle: deployment,
  },
  {
    methods: ['GET'],
    pattern: path(`${PROV}/locations/([^/]+)/models`),
    handle: ({ state: s, m }) => ({
      status: 200,
      body: { value: (s.catalog.get(group(m, 2).toLowerCase()) ?? []).map(catalogItem) },
    }),
  },
  {
    methods: ['GET'],
    pattern: path(`${PROV}/locations/([^/]+)/usages`),
    handle: ({ state: s, m }) => {
      const region = group(m, 2).toLowerCase();
      const names = new Set(
        (s.catalog.get(region) ?? []).flatMap((c) => c.skus.map((k) => k.usageName)),
      );
      const value = [...names].map((n) => ({
        name: {
          value: n,
          localizedValue: `Tokens Per Minute (thousands) - ${n.split('.').pop() ?? n}`,
        },
        currentValue: s.quotaUsed(region, n),
        limit: s.quotaLimit(region, n),
        unit: 'Count',
      }));
      return { status: 200, body: { value } };
    },
  },
  {
    methods: ['GET'],
    pattern: path(`${PROV}/modelCapacities`),
    handle: ({ state: s, query }) => {
      const [name, version] = [query.get('modelName'), query.get('modelVersion')];
      const value = [...s.catalog].flatMap(([region, models]) =>
        models
          .filter((c) => c.name === name && c.version === version)
          .flatMap((c) =>
            c.skus.map((k) => ({
              id: `/subscriptions/${s.subscriptionId}/providers/${NS}/locations/${region}/models/${c.name}/skus/${k.name}`,
              name: k.name,
              type: `${NS}/modelCapacities`,
              location: region,
              properties: {
                model: { format: 'OpenAI', name: c.name, version: c.version },
                skuName: k.name,
                availableCapacity: Math.max(
                  0,
                  s.quotaLimit(region, k.usageName) - s.quotaUsed(region, k.usageName),
                ),
              },
            })),
          ),
      );
      return { status: 200, body: { value } };
    },
  },
  {
    methods: ['GET'],
    pattern: path(`${PROV}/deletedAccounts`),
    handle: ({ state: s }) => ({
      status: 200,
      body: {
        value: [...s.deletedAccounts.values()].map((d) => ({
          ...accountBody(s, { ...d, tags: {}, state: 'Succeeded', getsUntilReady: 0 }),
          id: `/subscriptions/${s.subscriptionId}/providers/${NS}/locations/${d.location}/resourceGroups/${d.rg}/deletedAccounts/${d.name}`,
        })),
      },
    }),
  },
  {
    methods: ['GET', 'DELETE'],
    pattern: path(`${PROV}/locations/([^/]+)/resourceGroups/([^/]+)/deletedAccounts/([^/]+)`),
    handle: deletedAccount,
  },
  {
    methods: ['POST'],
    pattern: path(`${PROV}/checkDomainAvailability`),
    handle: ({ state: s, body }) => {
      const sub = (str(body.subdomainName) ?? '').toLowerCase();
      const used = subdomainInUse(s, sub, '', '');
      return {
        status: 200,
        body: {
          isSubdomainAvailable: !used,
          subdomainName: sub,
          type: str(body.type),
          kind: str(body.kind),
          ...(used ? { reason: `Subdomain '${sub}' is already used.` } : {}),
        },
      };
    },
  },
];
