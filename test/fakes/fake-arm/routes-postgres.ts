import { FakeArmError, notFound, type FakeArmState, type Reply } from './fake-arm-state';
import {
  hosted,
  listChildren,
  listInGroup,
  requireLocation,
  type Addressed,
} from './hosting-routes';
import { parentNotFound, resourceId, type HostedResource } from './hosting-state';
import { asyncHeaders, group, obj, path, RG, str, type Route, type RouteContext } from './route';

const NS = 'Microsoft.DBforPostgreSQL';
const TYPE = `${NS}/flexibleServers`;
const BASE = `${RG}/providers/microsoft\\.dbforpostgresql/flexibleservers`;
const VERSIONS = ['2025-08-01', '2024-08-01', '2022-12-01'];
const TIERS = ['Burstable', 'GeneralPurpose', 'MemoryOptimized'];
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

const invalid = (message: string) =>
  new FakeArmError(400, { code: 'InvalidParameterValue', message });

/** Headers of a PostgreSQL LRO: the RP sends both, and the SDK polls Azure-AsyncOperation. */
function lroHeaders(ctx: RouteContext, location: string, complete: () => void, id?: string) {
  const op = ctx.state.newOperation('async', () => {
    complete();
    return undefined;
  });
  if (id) ctx.state.hosting.pending.set(id.toLowerCase(), op);
  return { ...asyncHeaders(ctx, NS, location, op), location: ctx.opUrl(NS, location, op) };
}

function nameTaken(s: FakeArmState, rg: string, name: string): boolean {
  const n = name.toLowerCase();
  if (s.hosting.taken.postgres.has(n)) return true;
  return s.hosting
    .list(TYPE)
    .some((r) => r.name.toLowerCase() === n && r.rg.toLowerCase() !== rg.toLowerCase());
}

function validateServer(body: Record<string, unknown>, existing: HostedResource | undefined): void {
  const props = obj(body.properties);
  const sku = obj(body.sku);
  if (
    !existing &&
    (!str(sku.name)?.startsWith('Standard_') || !TIERS.includes(str(sku.tier) ?? ''))
  ) {
    throw invalid(
      `The sku '${str(sku.name) ?? ''}' with tier '${str(sku.tier) ?? ''}' is not valid.`,
    );
  }
  const auth = obj(props.authConfig);
  const password = (str(auth.passwordAuth) ?? 'Enabled') === 'Enabled';
  const entra = str(auth.activeDirectoryAuth) === 'Enabled';
  if (!password && !entra) throw invalid('At least one authentication method must be enabled.');
  if (
    password &&
    !existing &&
    (!str(props.administratorLogin) || !str(props.administratorLoginPassword))
  ) {
    throw invalid(
      'The administratorLogin and administratorLoginPassword are required when passwordAuth is Enabled.',
    );
  }
}

function putServer(ctx: RouteContext, { rg, name, existing }: Addressed): Reply {
  const { state: s, body } = ctx;
  const h = s.hosting;
  s.requireProvider(NS);
  const group_ = s.requireResourceGroup(rg);
  const location = requireLocation(body);
  if (nameTaken(s, rg, name)) {
    throw new FakeArmError(409, {
      code: 'ServerNameAlreadyExists',
      message: 'Specified server name is already used.',
    });
  }
  validateServer(body, existing);
  const props = obj(body.properties);
  const prior = obj(existing?.body.properties);
  const auth = obj(props.authConfig ?? prior.authConfig);
  const passwordAuth = str(auth.passwordAuth) ?? 'Enabled';
  const storage = obj(props.storage ?? prior.storage);
  const reply = {
    id: resourceId(s.subscriptionId, group_.name, TYPE, name),
    name,
    type: TYPE,
    location,
    tags: obj(body.tags ?? existing?.body.tags),
    sku: existing && !body.sku ? existing.body.sku : obj(body.sku),
    properties: {
      ...(passwordAuth === 'Enabled'
        ? { administratorLogin: str(props.administratorLogin) ?? prior.administratorLogin }
        : {}),
      version: str(props.version) ?? str(prior.version) ?? '16',
      minorVersion: '8',
      state: existing ? 'Updating' : 'Provisioning',
      fullyQualifiedDomainName: h.settings.postgresHost,
      storage: {
        storageSizeGB: typeof storage.storageSizeGB === 'number' ? storage.storageSizeGB : 32,
        autoGrow: str(storage.autoGrow) ?? 'Disabled',
        tier: str(storage.tier) ?? 'P4',
        iops: 120,
        type: '',
      },
      authConfig: {
        activeDirectoryAuth: str(auth.activeDirectoryAuth) ?? 'Disabled',
        passwordAuth,
        tenantId: str(auth.tenantId) ?? h.settings.tenantId,
      },
      backup: { backupRetentionDays: 7, geoRedundantBackup: 'Disabled' },
      network: { publicNetworkAccess: str(obj(props.network).publicNetworkAccess) ?? 'Enabled' },
      highAvailability: { mode: 'Disabled', state: 'NotEnabled' },
      availabilityZone: '1',
      replicationRole: 'Primary',
      replicaCapacity: 5,
    },
  };
  h.set({ id: reply.id, rg: group_.name, type: TYPE, name, body: reply });
  const done = () => {
    reply.properties.state = 'Ready';
  };
  return { status: 202, headers: lroHeaders(ctx, location, done, reply.id) };
}

interface ChildKind {
  segment: string;
  type: string;
  build(ctx: RouteContext, name: string): Record<string, unknown>;
}

const CHILDREN: ChildKind[] = [
  {
    segment: 'databases',
    type: `${TYPE}/databases`,
    build: (ctx) => {
      const p = obj(ctx.body.properties);
      return { charset: str(p.charset) ?? 'UTF8', collation: str(p.collation) ?? 'en_US.utf8' };
    },
  },
  {
    segment: 'firewallRules',
    type: `${TYPE}/firewallRules`,
    build: (ctx) => {
      const p = obj(ctx.body.properties);
      const [start, end] = [str(p.startIpAddress) ?? '', str(p.endIpAddress) ?? ''];
      const ok = (ip: string) => IPV4.test(ip) && ip.split('.').every((o) => Number(o) <= 255);
      if (!ok(start) || !ok(end)) throw invalid(`Invalid firewall rule range '${start}'-'${end}'.`);
      return { startIpAddress: start, endIpAddress: end };
    },
  },
  {
    segment: 'administrators',
    type: `${TYPE}/administrators`,
    build: (ctx, objectId) => {
      const p = obj(ctx.body.properties);
      const principalType = str(p.principalType) ?? '';
      if (
        !['User', 'Group', 'ServicePrincipal', 'Unknown'].includes(principalType) ||
        !str(p.principalName)
      ) {
        throw invalid(
          'principalType (User, Group, ServicePrincipal) and principalName are required.',
        );
      }
      return {
        principalType,
        principalName: str(p.principalName),
        objectId,
        tenantId: str(p.tenantId) ?? ctx.state.hosting.settings.tenantId,
      };
    },
  },
];

function child(kind: ChildKind, ctx: RouteContext): Reply {
  const { state: s } = ctx;
  const h = s.hosting;
  const [rg, serverName, name] = [group(ctx.m, 2), group(ctx.m, 3), group(ctx.m, 4)];
  const serverId = resourceId(s.subscriptionId, rg, TYPE, serverName);
  const parent = h.get(serverId);
  const id = resourceId(s.subscriptionId, rg, kind.type, serverName, name);
  const existing = h.get(id);
  if (!parent) {
    if (ctx.method === 'DELETE') return { status: 204 };
    throw parentNotFound(kind.type, serverName);
  }
  if (ctx.method === 'GET') {
    if (!existing) throw notFound(kind.type, name);
    return { status: 200, body: existing.body };
  }
  const location = String(parent.body.location);
  if (ctx.method === 'DELETE') {
    if (!existing) return { status: 204 };
    return { status: 202, headers: lroHeaders(ctx, location, () => h.remove(id)) };
  }
  const body = {
    id: parent.id + id.slice(serverId.length),
    name,
    type: kind.type,
    properties: kind.build(ctx, name),
  };
  h.set({
    id: body.id,
    rg: parent.rg,
    type: kind.type,
    name,
    parent: serverId.toLowerCase(),
    body,
  });
  return { status: 202, headers: lroHeaders(ctx, location, () => undefined) };
}

/** Reads of each running operation's server so far. */
const reads = new WeakMap<object, number>();

/**
 * A server's creation goes on whether or not anyone polls its operation, as in Azure: a client
 * that lost the operation URL (an interrupted `azure up`) and reads the server instead sees it
 * move on to Ready. Two reads stand for the time between two polls, so a single read right
 * after the PUT still shows Provisioning.
 */
function progressWhileWatched(ctx: RouteContext): void {
  const id = resourceId(ctx.state.subscriptionId, group(ctx.m, 2), TYPE, group(ctx.m, 3));
  const op = ctx.state.hosting.pending.get(id.toLowerCase());
  if (!op) return;
  const n = (reads.get(op) ?? 0) + 1;
  reads.set(op, n);
  if (n % 2 === 0) ctx.state.advance(op);
  if (op.done) ctx.state.hosting.pending.delete(id.toLowerCase());
}

/** Azure Database for PostgreSQL flexible servers (2025-08-01) and their children. */
export const postgresRoutes: Route[] = [
  { methods: ['GET'], pattern: path(BASE), apiVersions: VERSIONS, handle: listInGroup(TYPE) },
  {
    methods: ['PUT', 'GET', 'DELETE'],
    pattern: path(`${BASE}/([^/]+)`),
    apiVersions: VERSIONS,
    handle: (ctx) => {
      if (ctx.method === 'GET') progressWhileWatched(ctx);
      return hosted(ctx, TYPE, {
        put: (a) => putServer(ctx, a),
        del: ({ id, existing }) => {
          obj(existing.body.properties).state = 'Dropping';
          const location = String(existing.body.location);
          const remove = () => ctx.state.hosting.remove(id);
          return { status: 202, headers: lroHeaders(ctx, location, remove, id) };
        },
      });
    },
  },
  ...CHILDREN.flatMap((kind): Route[] => [
    {
      methods: ['GET'],
      pattern: path(`${BASE}/([^/]+)/${kind.segment}`),
      apiVersions: VERSIONS,
      handle: (ctx) =>
        listChildren(
          ctx,
          resourceId(ctx.state.subscriptionId, group(ctx.m, 2), TYPE, group(ctx.m, 3)),
          kind.type,
          () => notFound(TYPE, group(ctx.m, 3)),
        ),
    },
    {
      methods: ['PUT', 'GET', 'DELETE'],
      pattern: path(`${BASE}/([^/]+)/${kind.segment}/([^/]+)`),
      apiVersions: VERSIONS,
      handle: (ctx) => child(kind, ctx),
    },
  ]),
];
