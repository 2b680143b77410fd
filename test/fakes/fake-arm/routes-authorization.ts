import { FakeArmError, type FakeArmState, type Reply } from './fake-arm-state';
import { isUnder, type RoleAssignmentState } from './hosting-state';
import { group, obj, str, type Route, type RouteContext } from './route';

const TYPE = 'Microsoft.Authorization/roleAssignments';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ROLE_DEF =
  /^(\/subscriptions\/[^/]+)?\/providers\/Microsoft\.Authorization\/roleDefinitions\/([^/]+)$/i;

function body(ra: RoleAssignmentState): Record<string, unknown> {
  return {
    id: ra.id,
    name: ra.name,
    type: TYPE,
    properties: {
      roleDefinitionId: ra.roleDefinitionId,
      principalId: ra.principalId,
      principalType: ra.principalType,
      scope: ra.scope,
      condition: null,
      conditionVersion: null,
      createdOn: ra.createdOn,
      updatedOn: ra.createdOn,
      createdBy: null,
      updatedBy: null,
      delegatedManagedIdentityResourceId: null,
      description: null,
    },
  };
}

/** The scope must exist: this subscription, one of its groups, or a resource in one. */
function requireScope(s: FakeArmState, scope: string): void {
  const m = /^\/subscriptions\/([^/]+)(?:\/resourceGroups\/([^/]+)(\/providers\/.+)?)?$/i.exec(
    scope,
  );
  if (!m || m[1]?.toLowerCase() !== s.subscriptionId.toLowerCase()) {
    throw new FakeArmError(404, {
      code: 'SubscriptionNotFound',
      message: `The subscription of scope '${scope}' could not be found.`,
    });
  }
  if (m[2]) s.requireResourceGroup(m[2]);
  if (m[3] && !s.hosting.get(scope)) {
    throw new FakeArmError(404, {
      code: 'ResourceNotFound',
      message: `The Resource '${scope}' was not found.`,
    });
  }
}

const principalNotFound = (s: FakeArmState, principalId: string) =>
  new FakeArmError(400, {
    code: 'PrincipalNotFound',
    message: `Principal ${principalId.replace(/-/g, '')} does not exist in the directory ${s.hosting.settings.tenantId}. Check that you have the correct principal ID. If you are creating this principal and then immediately assigning a role, this error might be related to a replication delay. In this case, set the role assignment principalType property to a value, such as ServicePrincipal, User, or Group.  See https://aka.ms/docs-principaltype`,
  });

function create(ctx: RouteContext, scope: string, name: string, id: string): Reply {
  const { state: s } = ctx;
  const h = s.hosting;
  const p = obj(ctx.body.properties);
  if (!GUID.test(name)) {
    throw new FakeArmError(400, {
      code: 'InvalidRoleAssignmentId',
      message: `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`,
    });
  }
  const roleDefinitionId = str(p.roleDefinitionId) ?? '';
  const def = ROLE_DEF.exec(roleDefinitionId);
  if (!def || !GUID.test(def[2] ?? '')) {
    throw new FakeArmError(400, {
      code: 'InvalidRoleDefinitionId',
      message: `The role definition ID '${roleDefinitionId}' is not valid.`,
    });
  }
  requireScope(s, scope);
  const principalId = (str(p.principalId) ?? '').toLowerCase();
  const pending = h.principals.get(principalId);
  if (pending === undefined) throw principalNotFound(s, principalId);
  if (pending > 0) {
    h.principals.set(principalId, pending - 1);
    throw principalNotFound(s, principalId);
  }
  const roleGuid = (def[2] ?? '').toLowerCase();
  const same = (ra: RoleAssignmentState) =>
    ra.scope.toLowerCase() === scope.toLowerCase() &&
    ra.principalId === principalId &&
    ra.roleDefinitionId.toLowerCase().endsWith(roleGuid);
  const existing = h.roleAssignments.get(id.toLowerCase());
  if (existing) {
    if (same(existing)) return { status: 200, body: body(existing) };
    throw new FakeArmError(409, {
      code: 'RoleAssignmentUpdateNotPermitted',
      message: 'Tenant ID, application ID, principal ID, and scope are not allowed to be updated.',
    });
  }
  if ([...h.roleAssignments.values()].some(same)) {
    throw new FakeArmError(409, {
      code: 'RoleAssignmentExists',
      message: 'The role assignment already exists.',
    });
  }
  const ra: RoleAssignmentState = {
    id,
    name,
    scope,
    roleDefinitionId: def[1]
      ? roleDefinitionId
      : `/subscriptions/${s.subscriptionId}${roleDefinitionId}`,
    principalId,
    principalType: str(p.principalType) ?? 'User',
    createdOn: s.now().toISOString(),
  };
  h.roleAssignments.set(id.toLowerCase(), ra);
  return { status: 201, body: body(ra) };
}

function roleAssignment(ctx: RouteContext): Reply {
  const { state: s } = ctx;
  const scope = group(ctx.m, 1);
  const name = group(ctx.m, 2);
  const id = `${scope}/providers/${TYPE}/${name}`;
  if (ctx.method === 'PUT') return create(ctx, scope, name, id);
  const found = s.hosting.roleAssignments.get(id.toLowerCase());
  if (ctx.method === 'DELETE') {
    if (!found) return { status: 204 };
    s.hosting.roleAssignments.delete(id.toLowerCase());
    return { status: 200, body: body(found) };
  }
  if (!found) {
    throw new FakeArmError(404, {
      code: 'RoleAssignmentNotFound',
      message: `The role assignment '${name}' is not found.`,
    });
  }
  return { status: 200, body: body(found) };
}

/** `listForScope`: assignments at, above and below the scope; `$filter` atScope() or principalId. */
function list(ctx: RouteContext): Reply {
  const { state: s } = ctx;
  const scope = group(ctx.m, 1);
  requireScope(s, scope);
  const filter = ctx.query.get('$filter') ?? '';
  const principal = /principalId\s+eq\s+'([^']+)'/i.exec(filter)?.[1]?.toLowerCase();
  const atScope = /atScope\(\)/i.test(filter);
  const value = [...s.hosting.roleAssignments.values()]
    .filter((ra) => isUnder(scope, ra.scope) || (!atScope && isUnder(ra.scope, scope)))
    .filter((ra) => !principal || ra.principalId === principal)
    .map(body);
  return { status: 200, body: { value } };
}

const AT = '^(/subscriptions/[^/]+(?:/.+?)?)/providers/microsoft\\.authorization/roleassignments';

/** Role assignments (2022-04-01) at any scope, with Entra's replication delay. */
export const authorizationRoutes: Route[] = [
  {
    methods: ['GET'],
    pattern: new RegExp(`${AT}$`, 'i'),
    apiVersions: ['2022-04-01'],
    handle: list,
  },
  {
    methods: ['PUT', 'GET', 'DELETE'],
    pattern: new RegExp(`${AT}/([^/]+)$`, 'i'),
    apiVersions: ['2022-04-01'],
    handle: roleAssignment,
  },
];
