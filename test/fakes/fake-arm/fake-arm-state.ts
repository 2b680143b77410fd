import { randomUUID } from 'node:crypto';
import { HostingState } from './hosting-state';
import { defaultCatalog, type CatalogModel } from './model-catalog';

/** ARM's error body: `{"error":{"code","message","details?"}}`. */
export interface ArmErrorBody {
  code: string;
  message: string;
  details?: { code: string; message: string }[];
}

/** Thrown by route handlers; the server turns it into the ARM error response. */
export class FakeArmError extends Error {
  constructor(
    readonly status: number,
    readonly body: ArmErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(`${body.code}: ${body.message}`);
  }
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export type ProvisioningState = 'Creating' | 'Accepted' | 'Succeeded' | 'Failed' | 'Deleting';

export interface ResourceGroupState {
  name: string;
  location: string;
  tags: Record<string, string>;
  managedBy?: string;
  state: ProvisioningState;
}

export interface AccountState {
  rg: string;
  name: string;
  location: string;
  kind: string;
  sku: string;
  tags: Record<string, string>;
  subdomain: string;
  state: ProvisioningState;
  getsUntilReady: number;
}

export interface DeletedAccountState {
  rg: string;
  name: string;
  location: string;
  kind: string;
  sku: string;
  subdomain: string;
  deletedAt: string;
}

export interface DeploymentState {
  rg: string;
  account: string;
  name: string;
  sku: { name: string; capacity: number };
  model: { format: string; name: string; version: string };
  versionUpgradeOption?: string;
  state: ProvisioningState;
}

export interface WorkspaceState {
  rg: string;
  name: string;
  location: string;
  sku: string;
  tags: Record<string, string>;
  managedResourceGroupId: string;
  state: ProvisioningState;
  workspaceId: string;
  workspaceUrl?: string;
}

export interface Operation {
  id: string;
  mode: 'async' | 'location';
  pollsLeft: number;
  done: boolean;
  error?: ArmErrorBody;
  complete: () => ArmErrorBody | undefined;
}

/** A quota or feature failure the fake returns for one region. */
export interface RegionFault {
  on: 'account' | 'deployment';
  code: 'InsufficientQuota' | 'QuotaExceeded' | 'SpecialFeatureOrQuotaIdRequired';
}

export type ProviderState = 'NotRegistered' | 'Registering' | 'Registered';

export const key = (...parts: string[]) => parts.map((p) => p.toLowerCase()).join('/');

/** In-memory state of one fake subscription; tests read and seed it directly. */
export class FakeArmState {
  readonly resourceGroups = new Map<string, ResourceGroupState>();
  readonly accounts = new Map<string, AccountState>();
  readonly deletedAccounts = new Map<string, DeletedAccountState>();
  readonly deployments = new Map<string, DeploymentState>();
  readonly workspaces = new Map<string, WorkspaceState>();
  readonly providers = new Map<string, ProviderState>();
  /** Polls of the provider before a registration completes. */
  readonly providerPollsLeft = new Map<string, number>();
  readonly catalog: Map<string, CatalogModel[]> = defaultCatalog();
  /** region → usageName → limit (thousands of TPM). Unset means `defaultQuotaLimit`. */
  readonly quotaLimits = new Map<string, Map<string, number>>();
  readonly regionFaults = new Map<string, RegionFault>();
  /** Subdomains owned by someone else's resources (global DNS names). */
  readonly takenSubdomains = new Set<string>();
  readonly ops = new Map<string, Operation>();
  /** When set, the next deployment PUT is accepted and then fails inside its LRO. */
  nextAsyncDeploymentFailure: ArmErrorBody | undefined;
  defaultQuotaLimit = 30;
  /** When set, workspace creations need this many polls (to stop a bot mid-step). */
  workspacePollsBeforeDone: number | undefined;

  constructor(
    readonly subscriptionId: string,
    public pollsBeforeDone: number,
    public lroRetryAfter: string,
    public now: () => Date,
    /** Identities, web apps, PostgreSQL, bot, monitoring and role assignments. */
    readonly hosting: HostingState = new HostingState({}),
  ) {}

  quotaLimit(region: string, usageName: string): number {
    return this.quotaLimits.get(region)?.get(usageName) ?? this.defaultQuotaLimit;
  }

  quotaUsed(region: string, usageName: string): number {
    let used = 0;
    for (const d of this.deployments.values()) {
      const acct = this.accounts.get(key(d.rg, d.account));
      if (acct?.location === region && `OpenAI.${d.sku.name}.${d.model.name}` === usageName) {
        used += d.sku.capacity;
      }
    }
    return used;
  }

  setQuota(region: string, usageName: string, limit: number): void {
    const m = this.quotaLimits.get(region) ?? new Map<string, number>();
    m.set(usageName, limit);
    this.quotaLimits.set(region, m);
  }

  providerState(ns: string): ProviderState {
    return this.providers.get(ns.toLowerCase()) ?? 'Registered';
  }

  requireProvider(ns: string): void {
    if (this.providerState(ns) !== 'Registered') {
      throw new FakeArmError(409, {
        code: 'MissingSubscriptionRegistration',
        message: `The subscription is not registered to use namespace '${ns}'. See https://aka.ms/rps-not-found for how to register subscriptions.`,
      });
    }
  }

  requireResourceGroup(rg: string): ResourceGroupState {
    const found = this.resourceGroups.get(rg.toLowerCase());
    if (!found || found.state === 'Deleting') {
      throw new FakeArmError(404, {
        code: 'ResourceGroupNotFound',
        message: `Resource group '${rg}' could not be found.`,
      });
    }
    return found;
  }

  /** Registers a long-running operation; `complete` runs once, on the last poll. */
  newOperation(mode: Operation['mode'], complete: Operation['complete']): Operation {
    const op: Operation = {
      id: randomUUID(),
      mode,
      pollsLeft: this.pollsBeforeDone,
      done: false,
      complete,
    };
    this.ops.set(op.id, op);
    return op;
  }

  /** Polls of an operation advance it; the last one applies its effect. */
  advance(op: Operation): void {
    if (op.done) return;
    op.pollsLeft -= 1;
    if (op.pollsLeft <= 0) {
      op.done = true;
      op.error = op.complete();
    }
  }
}

export const notFound = (type: string, name: string) =>
  new FakeArmError(404, {
    code: 'ResourceNotFound',
    message: `The Resource '${type}/${name}' under resource group was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  });
