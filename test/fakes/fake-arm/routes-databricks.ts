import {
  FakeArmError,
  key,
  notFound,
  type FakeArmState,
  type WorkspaceState,
  type Reply,
} from './fake-arm-state';
import {
  asyncHeaders,
  group,
  locationHeaders,
  obj,
  path,
  RG,
  str,
  type Route,
  type RouteContext,
} from './route';
import { removeManagedGroup } from './routes-resources';

const NS = 'Microsoft.Databricks';
const WS = `${RG}/providers/microsoft\\.databricks/workspaces`;
const SKUS = ['standard', 'premium', 'trial'];

function workspaceBody(s: FakeArmState, w: WorkspaceState): Record<string, unknown> {
  return {
    id: `/subscriptions/${s.subscriptionId}/resourceGroups/${w.rg}/providers/${NS}/workspaces/${w.name}`,
    name: w.name,
    type: `${NS}/workspaces`,
    location: w.location,
    sku: { name: w.sku },
    tags: w.tags,
    properties: {
      managedResourceGroupId: w.managedResourceGroupId,
      provisioningState: w.state,
      workspaceId: w.workspaceId,
      ...(w.workspaceUrl ? { workspaceUrl: w.workspaceUrl } : {}),
      createdDateTime: s.now().toISOString(),
    },
  };
}

function putWorkspace(ctx: RouteContext, rg: string, name: string): Reply {
  const { state: s, body } = ctx;
  s.requireProvider(NS);
  const group_ = s.requireResourceGroup(rg);
  const props = obj(body.properties);
  const mrgId = str(props.managedResourceGroupId);
  const sku = str(obj(body.sku).name)?.toLowerCase() ?? '';
  const location = str(body.location)?.toLowerCase();
  if (!mrgId || !location || !SKUS.includes(sku)) {
    throw new FakeArmError(400, {
      code: 'InvalidRequestContent',
      message: `The request content was invalid: location, sku.name (one of ${SKUS.join(', ')}) and properties.managedResourceGroupId are required.`,
    });
  }
  const k = key(rg, name);
  const existing = s.workspaces.get(k);
  if (existing && existing.state === 'Succeeded') {
    existing.tags = obj(body.tags) as Record<string, string>;
    return { status: 200, body: workspaceBody(s, existing) };
  }
  const mrgName = mrgId.split('/').pop() ?? '';
  const w: WorkspaceState = {
    rg: group_.name,
    name,
    location,
    sku,
    tags: obj(body.tags) as Record<string, string>,
    managedResourceGroupId: mrgId,
    state: 'Accepted',
    workspaceId: String(1_000_000_000_000 + s.workspaces.size * 7919 + name.length),
  };
  s.workspaces.set(k, w);
  const op = s.newOperation('async', () => {
    if (s.resourceGroups.has(mrgName.toLowerCase())) {
      w.state = 'Failed';
      return {
        code: 'ResourceOperationFailure',
        message: `The resource operation completed with terminal provisioning state 'Failed'.`,
        details: [
          {
            code: 'ApplianceProvisioningFailed',
            message: `The managed resource group '${mrgName}' already exists. Please specify a new non-existent managed resource group.`,
          },
        ],
      };
    }
    s.resourceGroups.set(mrgName.toLowerCase(), {
      name: mrgName,
      location,
      tags: {},
      managedBy: String(workspaceBody(s, w).id),
      state: 'Succeeded',
    });
    w.state = 'Succeeded';
    w.workspaceUrl = `adb-${w.workspaceId}.${(w.workspaceId.length % 19) + 1}.azuredatabricks.net`;
    return undefined;
  });
  if (s.workspacePollsBeforeDone !== undefined) op.pollsLeft = s.workspacePollsBeforeDone;
  return { status: 201, headers: asyncHeaders(ctx, NS, location, op), body: workspaceBody(s, w) };
}

function workspace(ctx: RouteContext): Reply {
  const { state: s } = ctx;
  const [rg, name] = [group(ctx.m, 2), group(ctx.m, 3)];
  if (ctx.method === 'PUT') return putWorkspace(ctx, rg, name);
  const w = s.workspaces.get(key(rg, name));
  if (ctx.method === 'GET') {
    if (!w) throw notFound(`${NS}/workspaces`, name);
    return { status: 200, body: workspaceBody(s, w) };
  }
  if (!w) return { status: 204 };
  w.state = 'Deleting';
  const op = s.newOperation('location', () => {
    s.workspaces.delete(key(rg, name));
    removeManagedGroup(s, w.managedResourceGroupId);
    return undefined;
  });
  return { status: 202, headers: locationHeaders(ctx, NS, w.location, op) };
}

/** Databricks workspaces (api 2023-02-01): managed resource group, async create, Location delete. */
export const databricksRoutes: Route[] = [
  {
    methods: ['GET'],
    pattern: path(WS),
    handle: ({ state: s, m }) => ({
      status: 200,
      body: {
        value: [...s.workspaces.values()]
          .filter((w) => w.rg.toLowerCase() === group(m, 2).toLowerCase())
          .map((w) => workspaceBody(s, w)),
      },
    }),
  },
  { methods: ['PUT', 'GET', 'DELETE'], pattern: path(`${WS}/([^/]+)`), handle: workspace },
];
