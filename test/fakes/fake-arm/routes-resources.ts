import { FakeArmError, key, type FakeArmState, type Reply } from './fake-arm-state';
import {
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

const rgBody = (state: FakeArmState, name: string): Record<string, unknown> => {
  const rg = state.resourceGroups.get(name.toLowerCase());
  if (!rg) return {};
  return {
    id: `/subscriptions/${state.subscriptionId}/resourceGroups/${rg.name}`,
    name: rg.name,
    type: 'Microsoft.Resources/resourceGroups',
    location: rg.location,
    tags: rg.tags,
    ...(rg.managedBy ? { managedBy: rg.managedBy } : {}),
    properties: { provisioningState: rg.state },
  };
};

/** Deleting a resource group takes everything in it: accounts are soft-deleted (§0.9). */
export function removeResourceGroup(state: FakeArmState, name: string): void {
  const rg = name.toLowerCase();
  for (const [k, a] of state.accounts) {
    if (a.rg.toLowerCase() !== rg) continue;
    state.accounts.delete(k);
    state.deletedAccounts.set(key(a.rg, a.name), {
      rg: a.rg,
      name: a.name,
      location: a.location,
      kind: a.kind,
      sku: a.sku,
      subdomain: a.subdomain,
      deletedAt: state.now().toISOString(),
    });
  }
  for (const [k, d] of state.deployments)
    if (d.rg.toLowerCase() === rg) state.deployments.delete(k);
  for (const [k, w] of state.workspaces) {
    if (w.rg.toLowerCase() !== rg) continue;
    state.workspaces.delete(k);
    removeManagedGroup(state, w.managedResourceGroupId);
  }
  state.hosting.removeGroup(rg);
  state.resourceGroups.delete(rg);
}

export function removeManagedGroup(state: FakeArmState, id: string): void {
  const name = id.split('/').pop() ?? '';
  state.resourceGroups.delete(name.toLowerCase());
}

function resourceGroup(ctx: RouteContext): Reply {
  const { state } = ctx;
  const name = group(ctx.m, 2);
  const existing = state.resourceGroups.get(name.toLowerCase());
  switch (ctx.method) {
    case 'PUT': {
      const location = str(ctx.body.location);
      if (!location) {
        throw new FakeArmError(400, {
          code: 'LocationRequired',
          message: 'The location property is required for this definition.',
        });
      }
      if (existing?.state === 'Deleting') {
        throw new FakeArmError(409, {
          code: 'ResourceGroupBeingDeleted',
          message: `The resource group '${name}' is in deprovisioning state and cannot perform this operation.`,
        });
      }
      if (existing && existing.location !== location.toLowerCase()) {
        throw new FakeArmError(409, {
          code: 'InvalidResourceGroupLocation',
          message: `Invalid resource group location '${location}'. The Resource group already exists in location '${existing.location}'.`,
        });
      }
      state.resourceGroups.set(name.toLowerCase(), {
        name: existing?.name ?? name,
        location: location.toLowerCase(),
        tags: (obj(ctx.body.tags) as Record<string, string>) ?? {},
        ...(existing?.managedBy ? { managedBy: existing.managedBy } : {}),
        state: 'Succeeded',
      });
      return { status: existing ? 200 : 201, body: rgBody(state, name) };
    }
    case 'GET':
    case 'HEAD':
      if (!existing) {
        if (ctx.method === 'HEAD') return { status: 404 };
        state.requireResourceGroup(name);
      }
      return { status: ctx.method === 'HEAD' ? 204 : 200, body: rgBody(state, name) };
    case 'DELETE': {
      if (!existing) return { status: 204 };
      existing.state = 'Deleting';
      const op = state.newOperation('location', () => {
        removeResourceGroup(state, name);
        return undefined;
      });
      return {
        status: 202,
        headers: locationHeaders(ctx, 'Microsoft.Resources', existing.location, op),
      };
    }
    default:
      throw new FakeArmError(405, { code: 'MethodNotAllowed', message: ctx.method });
  }
}

/** `resources.listByResourceGroup`: every top-level resource of the group, any provider. */
function genericList(ctx: RouteContext): Reply {
  const { state: s } = ctx;
  const rg = s.requireResourceGroup(group(ctx.m, 2)).name.toLowerCase();
  const inRg = <T extends { rg: string }>(m: Map<string, T>) =>
    [...m.values()].filter((v) => v.rg.toLowerCase() === rg);
  const value = [
    ...inRg(s.accounts).map((a) => ({
      id: `/subscriptions/${s.subscriptionId}/resourceGroups/${a.rg}/providers/Microsoft.CognitiveServices/accounts/${a.name}`,
      name: a.name,
      type: 'Microsoft.CognitiveServices/accounts',
      location: a.location,
      kind: a.kind,
      sku: { name: a.sku },
      tags: a.tags,
    })),
    ...inRg(s.workspaces).map((w) => ({
      id: `/subscriptions/${s.subscriptionId}/resourceGroups/${w.rg}/providers/Microsoft.Databricks/workspaces/${w.name}`,
      name: w.name,
      type: 'Microsoft.Databricks/workspaces',
      location: w.location,
      sku: { name: w.sku },
      tags: w.tags,
    })),
    ...s.hosting.genericList(rg),
  ];
  return { status: 200, body: { value } };
}

function provider(ctx: RouteContext, register: boolean): Reply {
  const { state } = ctx;
  const ns = group(ctx.m, 2);
  const k = ns.toLowerCase();
  if (register && state.providerState(ns) === 'NotRegistered') {
    state.providers.set(k, 'Registering');
    state.providerPollsLeft.set(k, state.pollsBeforeDone);
  } else if (!register && state.providerState(ns) === 'Registering') {
    const left = (state.providerPollsLeft.get(k) ?? 0) - 1;
    state.providerPollsLeft.set(k, left);
    if (left <= 0) state.providers.set(k, 'Registered');
  }
  return {
    status: 200,
    body: {
      id: `/subscriptions/${state.subscriptionId}/providers/${ns}`,
      namespace: ns,
      registrationState: state.providerState(ns),
      resourceTypes: [],
    },
  };
}

function operation(ctx: RouteContext): Reply {
  const op = ctx.state.ops.get(group(ctx.m, 5));
  if (!op)
    throw new FakeArmError(404, { code: 'OperationNotFound', message: 'Unknown operation.' });
  ctx.state.advance(op);
  const kind = group(ctx.m, 4).toLowerCase();
  if (kind === 'operationstatuses') {
    const status = !op.done ? 'InProgress' : op.error ? 'Failed' : 'Succeeded';
    return {
      status: 200,
      headers: op.done ? {} : { 'retry-after': ctx.state.lroRetryAfter },
      body: { id: op.id, name: op.id, status, ...(op.error ? { error: op.error } : {}) },
    };
  }
  if (!op.done) {
    return {
      status: 202,
      headers: {
        location: ctx.opUrl(group(ctx.m, 2), group(ctx.m, 3), op),
        'retry-after': ctx.state.lroRetryAfter,
      },
    };
  }
  if (op.error) throw new FakeArmError(400, op.error);
  return { status: 200, body: {} };
}

/** `GET /subscriptions/{id}` (Subscriptions - Get, 2022-12-01): what `status` probes. */
function subscription(ctx: RouteContext): Reply {
  const id = group(ctx.m, 1);
  if (id.toLowerCase() !== ctx.state.subscriptionId.toLowerCase()) {
    throw new FakeArmError(404, {
      code: 'SubscriptionNotFound',
      message: `The subscription '${id}' could not be found.`,
    });
  }
  return {
    status: 200,
    body: {
      id: `/subscriptions/${ctx.state.subscriptionId}`,
      subscriptionId: ctx.state.subscriptionId,
      displayName: 'Fake lab subscription',
      state: 'Enabled',
      subscriptionPolicies: { spendingLimit: 'Off', quotaId: 'PayAsYouGo_2014-09-01' },
      authorizationSource: 'RoleBased',
    },
  };
}

/** The subscription, resource groups, provider registration and operation status/result URLs. */
export const resourceRoutes: Route[] = [
  { methods: ['GET'], pattern: path(SUB), handle: subscription },
  { methods: ['PUT', 'GET', 'HEAD', 'DELETE'], pattern: path(RG), handle: resourceGroup },
  {
    methods: ['GET'],
    pattern: path(`${SUB}/resourcegroups`),
    handle: (ctx) => ({
      status: 200,
      body: { value: [...ctx.state.resourceGroups.values()].map((g) => rgBody(ctx.state, g.name)) },
    }),
  },
  {
    methods: ['GET'],
    pattern: path(`${RG}/resources`),
    handle: (ctx) => genericList(ctx),
  },
  {
    methods: ['GET'],
    pattern: path(`${SUB}/providers/([^/]+)`),
    handle: (c) => provider(c, false),
  },
  {
    methods: ['POST'],
    pattern: path(`${SUB}/providers/([^/]+)/register`),
    handle: (c) => provider(c, true),
  },
  {
    methods: ['GET'],
    pattern: path(
      `${SUB}/providers/([^/]+)/locations/([^/]+)/(operationStatuses|operationResults)/([^/]+)`,
    ),
    handle: operation,
  },
];
