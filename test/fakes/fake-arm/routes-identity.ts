import { randomUUID } from 'node:crypto';
import { FakeArmError, type Reply } from './fake-arm-state';
import { hosted, listInGroup, requireLocation, type Addressed } from './hosting-routes';
import { resourceId } from './hosting-state';
import { obj, path, RG, type Route, type RouteContext } from './route';

const TYPE = 'Microsoft.ManagedIdentity/userAssignedIdentities';
const BASE = `${RG}/providers/microsoft\\.managedidentity/userassignedidentities`;
const VERSIONS = ['2024-11-30', '2023-01-31'];

function putIdentity(ctx: RouteContext, { rg, name, existing }: Addressed): Reply {
  const { state: s, body } = ctx;
  const h = s.hosting;
  s.requireProvider('Microsoft.ManagedIdentity');
  const group_ = s.requireResourceGroup(rg);
  const location = requireLocation(body);
  if (existing && existing.body.location !== location) {
    throw new FakeArmError(400, {
      code: 'LocationNotAvailableForResourceType',
      message: `The resource '${name}' already exists in location '${String(existing.body.location)}'; its location cannot be changed.`,
    });
  }
  const props = existing
    ? obj(existing.body.properties)
    : { tenantId: h.settings.tenantId, principalId: h.newPrincipal(), clientId: randomUUID() };
  const reply = {
    id: resourceId(s.subscriptionId, group_.name, TYPE, name),
    name,
    type: TYPE,
    location,
    tags: obj(body.tags),
    properties: { ...props, isolationScope: 'None' },
  };
  h.set({ id: reply.id, rg: group_.name, type: TYPE, name, body: reply });
  return { status: existing ? 200 : 201, body: reply };
}

/** User-assigned managed identities (2024-11-30): each one is a new Entra principal. */
export const identityRoutes: Route[] = [
  {
    methods: ['GET'],
    pattern: path(BASE),
    apiVersions: VERSIONS,
    handle: listInGroup(TYPE),
  },
  {
    methods: ['PUT', 'GET', 'DELETE'],
    pattern: path(`${BASE}/([^/]+)`),
    apiVersions: VERSIONS,
    handle: (ctx) =>
      hosted(ctx, TYPE, {
        put: (a) => putIdentity(ctx, a),
        // The identity's service principal goes with it.
        del: ({ id, existing }) => {
          ctx.state.hosting.remove(id);
          const principal = String(obj(existing.body.properties).principalId);
          ctx.state.hosting.principals.delete(principal.toLowerCase());
          return { status: 200 };
        },
      }),
  },
];
