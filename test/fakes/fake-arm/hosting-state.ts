import { randomUUID } from 'node:crypto';
import { FakeArmError, type Operation } from './fake-arm-state';

/** One resource of the bot-hosting providers, stored as the JSON its GET answers. */
export interface HostedResource {
  /** Canonical id, original casing. */
  id: string;
  rg: string;
  /** Full type, e.g. `Microsoft.Web/sites` or `Microsoft.DBforPostgreSQL/flexibleServers/databases`. */
  type: string;
  name: string;
  /** Lower-cased id of the parent resource, for children (databases, channels, ...). */
  parent?: string;
  body: Record<string, unknown>;
  /** GETs that still answer an in-progress state (body-polling LROs). */
  getsUntilReady?: number;
  /** State the GET does not show (a site's app settings and full siteConfig). */
  hidden?: Record<string, unknown>;
}

export interface RoleAssignmentState {
  id: string;
  name: string;
  scope: string;
  roleDefinitionId: string;
  principalId: string;
  principalType: string;
  createdOn: string;
}

/** Names owned by other customers in the global namespaces (DNS labels, bot handles). */
export interface TakenNames {
  postgres?: string[];
  sites?: string[];
  bots?: string[];
}

/** Settings the hosting routes read; FakeArmOptions fills them. */
export interface HostingSettings {
  tenantId: string;
  /** What flexibleServers answer as fullyQualifiedDomainName: a host the test runs. */
  postgresHost: string;
  /** The two host names every site answers (the fake Kudu's app and SCM hosts). */
  siteHosts?: { app: string; scm: string };
  /** Role-assignment creates a new principal fails with PrincipalNotFound (Entra replication). */
  principalReplicationCalls: number;
  /** App Insights IngestionEndpoint placed in connection strings; default the public one. */
  ingestionEndpoint?: string;
}

const lower = (s: string) => s.toLowerCase();

/** Whether `scope` is `id` or nested below it (path segments, case-insensitive). */
export function isUnder(scope: string, id: string): boolean {
  const [s, p] = [lower(scope), lower(id).replace(/\/+$/, '')];
  return s === p || s.startsWith(`${p}/`);
}

/** The bot-hosting part of the fake subscription: identities, web, database, bot, roles. */
export class HostingState {
  readonly resources = new Map<string, HostedResource>();
  /** Operations still running on a resource, by lower-case id (reads move them on). */
  readonly pending = new Map<string, Operation>();
  readonly roleAssignments = new Map<string, RoleAssignmentState>();
  /** Entra principals (object ids) → role-assignment creates still to fail as "not replicated". */
  readonly principals = new Map<string, number>();
  /** Log Analytics workspaces deleted without force: a PUT of the same id recovers them. */
  readonly softDeletedWorkspaces = new Map<string, Record<string, unknown>>();
  readonly taken = {
    postgres: new Set<string>(),
    sites: new Set<string>(),
    bots: new Set<string>(),
  };
  readonly settings: HostingSettings;

  constructor(settings: Partial<HostingSettings> & { taken?: TakenNames; principals?: string[] }) {
    this.settings = {
      tenantId: settings.tenantId ?? '00000000-0000-0000-0000-0000000000aa',
      postgresHost: settings.postgresHost ?? '127.0.0.1',
      principalReplicationCalls: settings.principalReplicationCalls ?? 0,
      ...(settings.siteHosts ? { siteHosts: settings.siteHosts } : {}),
      ...(settings.ingestionEndpoint ? { ingestionEndpoint: settings.ingestionEndpoint } : {}),
    };
    for (const n of settings.taken?.postgres ?? []) this.taken.postgres.add(lower(n));
    for (const n of settings.taken?.sites ?? []) this.taken.sites.add(lower(n));
    for (const n of settings.taken?.bots ?? []) this.taken.bots.add(lower(n));
    for (const p of settings.principals ?? []) this.principals.set(lower(p), 0);
  }

  get(id: string): HostedResource | undefined {
    return this.resources.get(lower(id));
  }

  set(r: HostedResource): HostedResource {
    this.resources.set(lower(r.id), r);
    return r;
  }

  /** Of one type, optionally under one parent id. */
  list(type: string, parent?: string): HostedResource[] {
    return [...this.resources.values()].filter(
      (r) => lower(r.type) === lower(type) && (parent === undefined || r.parent === lower(parent)),
    );
  }

  /** Removes a resource and everything nested under it; whether it existed. */
  remove(id: string): boolean {
    const k = lower(id);
    const existed = this.resources.delete(k);
    for (const [ck, c] of this.resources) if (c.parent === k) this.remove(ck);
    for (const [rk, ra] of this.roleAssignments)
      if (isUnder(ra.scope, k)) this.roleAssignments.delete(rk);
    return existed;
  }

  /** What a resource-group deletion takes: its resources and the role assignments under it. */
  removeGroup(rg: string): void {
    for (const r of [...this.resources.values()])
      if (lower(r.rg) === lower(rg) && !r.parent) this.remove(r.id);
    const prefix = `/resourcegroups/${lower(rg)}`;
    for (const [rk, ra] of this.roleAssignments) {
      const s = lower(ra.scope);
      const at = s.indexOf(prefix);
      if (at >= 0 && isUnder(s.slice(at), prefix)) this.roleAssignments.delete(rk);
    }
  }

  /** A new Entra principal (a managed identity's service principal). */
  newPrincipal(): string {
    const id = randomUUID();
    this.principals.set(id, this.settings.principalReplicationCalls);
    return id;
  }

  /** Top-level resources of a group in the shape of `resources.listByResourceGroup`. */
  genericList(rg: string): Record<string, unknown>[] {
    return [...this.resources.values()]
      .filter((r) => lower(r.rg) === lower(rg) && !r.parent)
      .map((r) => {
        const b = r.body;
        const out: Record<string, unknown> = { id: r.id, name: r.name, type: r.type };
        for (const k of ['location', 'kind', 'sku', 'tags', 'identity', 'managedBy'])
          if (b[k] !== undefined) out[k] = b[k];
        return out;
      });
  }
}

/** ARM's answer for a nested resource whose parent does not exist. */
export const parentNotFound = (type: string, name: string) =>
  new FakeArmError(404, {
    code: 'ParentResourceNotFound',
    message: `Failed to perform 'write' on resource(s) of type '${type}', because the parent resource '${name}' could not be found.`,
  });

/** A canonical resource id in the fake subscription. */
export const resourceId = (sub: string, rg: string, type: string, ...names: string[]) => {
  const [ns = '', ...types] = type.split('/');
  const tail = types.map((t, i) => `${t}/${names[i] ?? ''}`).join('/');
  return `/subscriptions/${sub}/resourceGroups/${rg}/providers/${ns}/${tail}`;
};
