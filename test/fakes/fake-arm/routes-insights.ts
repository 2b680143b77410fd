import { randomUUID } from 'node:crypto';
import { FakeArmError, type Reply } from './fake-arm-state';
import {
  advanceOnGet,
  hosted,
  listInGroup,
  requireLocation,
  type Addressed,
} from './hosting-routes';
import { resourceId } from './hosting-state';
import { obj, path, RG, str, type Route, type RouteContext } from './route';

const WS_TYPE = 'Microsoft.OperationalInsights/workspaces';
const AI_TYPE = 'Microsoft.Insights/components';
const WS = `${RG}/providers/microsoft\\.operationalinsights/workspaces`;
const AI = `${RG}/providers/microsoft\\.insights/components`;
const WS_SKUS = [
  'PerGB2018',
  'Free',
  'Standalone',
  'PerNode',
  'Standard',
  'Premium',
  'CapacityReservation',
];

/**
 * Log Analytics answers the PUT at once with provisioningState Creating; the SDK then polls the
 * resource itself (body polling) until it reads Succeeded.
 */
function putWorkspace(ctx: RouteContext, { rg, name, id, existing }: Addressed): Reply {
  const { state: s, body } = ctx;
  const h = s.hosting;
  s.requireProvider('Microsoft.OperationalInsights');
  const group_ = s.requireResourceGroup(rg);
  const location = requireLocation(body);
  const props = obj(body.properties);
  const sku = str(obj(props.sku).name) ?? 'PerGB2018';
  const skuName = WS_SKUS.find((k) => k.toLowerCase() === sku.toLowerCase());
  const retention = typeof props.retentionInDays === 'number' ? props.retentionInDays : 30;
  if (!skuName || retention < 30 || retention > 730) {
    throw new FakeArmError(400, {
      code: 'InvalidParameter',
      message: `The workspace sku '${sku}' or retentionInDays '${retention}' is not valid (retention 30-730 days).`,
    });
  }
  const recovered = h.softDeletedWorkspaces.get(id.toLowerCase());
  h.softDeletedWorkspaces.delete(id.toLowerCase());
  const prior = obj((existing?.body ?? recovered)?.properties);
  const reply = {
    id: resourceId(s.subscriptionId, group_.name, WS_TYPE, name),
    name,
    type: WS_TYPE,
    location,
    tags: obj(body.tags),
    properties: {
      customerId: str(prior.customerId) ?? randomUUID(),
      provisioningState: existing ? 'Succeeded' : 'Creating',
      sku: { name: skuName, lastSkuUpdate: s.now().toISOString() },
      retentionInDays: retention,
      features: { legacy: 0, searchVersion: 1, enableLogAccessUsingOnlyResourcePermissions: true },
      workspaceCapping: { dailyQuotaGb: -1, quotaNextResetTime: s.now().toISOString() },
      publicNetworkAccessForIngestion: 'Enabled',
      publicNetworkAccessForQuery: 'Enabled',
      createdDate: str(prior.createdDate) ?? s.now().toISOString(),
      modifiedDate: s.now().toISOString(),
    },
  };
  h.set({
    id: reply.id,
    rg: group_.name,
    type: WS_TYPE,
    name,
    body: reply,
    ...(existing ? {} : { getsUntilReady: s.pollsBeforeDone }),
  });
  return { status: existing ? 200 : 201, body: reply };
}

function connectionString(ikey: string, appId: string, location: string, ingest?: string): string {
  const endpoint = ingest ?? `https://${location}.in.applicationinsights.azure.com/`;
  return `InstrumentationKey=${ikey};IngestionEndpoint=${endpoint};LiveEndpoint=https://${location}.livediagnostics.monitor.azure.com/;ApplicationId=${appId}`;
}

/** Workspace-based Application Insights (2020-02-02), created synchronously. */
function putComponent(ctx: RouteContext, { rg, name, existing }: Addressed): Reply {
  const { state: s, body } = ctx;
  const h = s.hosting;
  s.requireProvider('Microsoft.Insights');
  const group_ = s.requireResourceGroup(rg);
  const location = requireLocation(body);
  const props = obj(body.properties);
  const kind = str(body.kind);
  const appType = str(props.Application_Type);
  if (!kind || !appType) {
    throw new FakeArmError(400, {
      code: 'BadRequest',
      message:
        'The kind and properties.Application_Type of an Application Insights component are required.',
    });
  }
  const wsId = str(props.WorkspaceResourceId);
  if (!wsId || !h.get(wsId)) {
    throw new FakeArmError(400, {
      code: 'BadRequest',
      message: `Workspace resource id '${wsId ?? ''}' is invalid or the workspace does not exist.`,
    });
  }
  const prior = obj(existing?.body.properties);
  const ikey = str(prior.InstrumentationKey) ?? randomUUID();
  const appId = str(prior.AppId) ?? randomUUID();
  const reply = {
    id: resourceId(s.subscriptionId, group_.name, AI_TYPE, name),
    name,
    type: AI_TYPE,
    location,
    kind,
    tags: obj(body.tags),
    etag: `"${randomUUID()}"`,
    properties: {
      ApplicationId: name,
      AppId: appId,
      Application_Type: appType,
      Flow_Type: str(props.Flow_Type) ?? null,
      Request_Source: str(props.Request_Source) ?? 'rest',
      InstrumentationKey: ikey,
      ConnectionString: connectionString(ikey, appId, location, h.settings.ingestionEndpoint),
      Name: name,
      CreationDate: str(prior.CreationDate) ?? s.now().toISOString(),
      TenantId: s.subscriptionId,
      provisioningState: 'Succeeded',
      SamplingPercentage: null,
      RetentionInDays: 90,
      WorkspaceResourceId: wsId,
      IngestionMode: str(props.IngestionMode) ?? 'LogAnalytics',
      publicNetworkAccessForIngestion: 'Enabled',
      publicNetworkAccessForQuery: 'Enabled',
      Ver: 'v2',
    },
  };
  h.set({ id: reply.id, rg: group_.name, type: AI_TYPE, name, body: reply });
  return { status: existing ? 200 : 201, body: reply };
}

/** Log Analytics workspaces (2025-07-01) and Application Insights components (2020-02-02). */
export const insightsRoutes: Route[] = [
  {
    methods: ['GET'],
    pattern: path(WS),
    apiVersions: ['2025-07-01'],
    handle: listInGroup(WS_TYPE),
  },
  {
    methods: ['PUT', 'GET', 'DELETE'],
    pattern: path(`${WS}/([^/]+)`),
    apiVersions: ['2025-07-01', '2025-02-01', '2023-09-01', '2022-10-01'],
    handle: (ctx) =>
      hosted(ctx, WS_TYPE, {
        put: (a) => putWorkspace(ctx, a),
        get: (r) => advanceOnGet(r, 'Succeeded'),
        // Without force the workspace is soft-deleted for 14 days and a PUT of it recovers it.
        del: ({ id, existing }) => {
          ctx.state.hosting.remove(id);
          if (ctx.query.get('force') !== 'true')
            ctx.state.hosting.softDeletedWorkspaces.set(id.toLowerCase(), existing.body);
          return { status: 200 };
        },
      }),
  },
  {
    methods: ['GET'],
    pattern: path(AI),
    apiVersions: ['2020-02-02'],
    handle: listInGroup(AI_TYPE),
  },
  {
    methods: ['PUT', 'GET', 'DELETE'],
    pattern: path(`${AI}/([^/]+)`),
    apiVersions: ['2020-02-02', '2020-02-02-preview', '2015-05-01'],
    handle: (ctx) => hosted(ctx, AI_TYPE, { put: (a) => putComponent(ctx, a) }),
  },
];
