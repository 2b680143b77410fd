import type { LroControl } from './lro';

export type { LroControl } from './lro';
export { AzureError, describeAzureError, type AzureErrorReason } from './azure-error';

/** Deployment SKUs the lab uses: regional first, global as the fallback (reference §2.3). */
export type DeploymentSku = 'Standard' | 'GlobalStandard';

export interface ModelRef {
  readonly name: string;
  readonly version: string;
}

/** A model resolved from one region's catalogue. */
export interface ResolvedModel extends ModelRef {
  readonly region: string;
  /** SKUs offered for it there, preferred first. */
  readonly skus: readonly DeploymentSku[];
  /** ISO date after which inference stops. */
  readonly retiresOn: string | undefined;
}

/** Where the OpenAI account can go: regions with quota for the model, in random order. */
export interface RegionPlan {
  readonly model: ModelRef;
  readonly candidates: readonly { region: string; sku: DeploymentSku; availableCapacity: number }[];
  /** Configured regions left out, and why (no model, no quota). */
  readonly excluded: readonly { region: string; why: 'model-unavailable' | 'no-quota' }[];
}

export interface ResourceGroupSpec {
  readonly name: string;
  readonly location: string;
  readonly requester: string;
  readonly environment: string;
}

export interface OpenAIAccountSpec {
  readonly resourceGroup: string;
  readonly name: string;
  /** Candidate regions in the order to try (from `planRegions`). */
  readonly regions: readonly string[];
  readonly tags?: Record<string, string>;
  /** What to do with a soft-deleted account of the same name; default: fail with a typed error. */
  readonly onSoftDeleted?: 'fail' | 'restore' | 'purge';
}

export interface OpenAIAccountResult {
  readonly name: string;
  readonly region: string;
  readonly endpoint: string;
  readonly created: boolean;
  readonly restored: boolean;
  readonly skippedRegions: readonly { region: string; code: string }[];
}

export interface DeploymentSpec {
  readonly resourceGroup: string;
  readonly account: string;
  readonly name: string;
  readonly model: ModelRef;
  /** First SKU to try; GlobalStandard is the fallback. */
  readonly sku?: DeploymentSku;
  readonly capacity?: number;
}

export interface DeploymentResult {
  readonly name: string;
  readonly model: ModelRef;
  readonly sku: string;
  readonly capacity: number;
  readonly created: boolean;
}

export interface WorkspaceSpec {
  readonly resourceGroup: string;
  readonly name: string;
  readonly location: string;
  readonly sku?: 'premium' | 'trial';
  /** Name of the managed resource group Databricks creates; must not exist. Default: fresh. */
  readonly managedResourceGroupName?: string;
  readonly tags?: Record<string, string>;
}

export interface WorkspaceResult {
  readonly name: string;
  readonly workspaceUrl: string;
  readonly workspaceId: string;
  readonly managedResourceGroupId: string;
  readonly created: boolean;
}

/** One thing that exists in the environment, for status and the post-cleanup verification. */
export interface InventoryItem {
  readonly kind:
    | 'resource-group'
    | 'openai-account'
    | 'deployment'
    | 'databricks-workspace'
    | 'managed-resource-group'
    | 'soft-deleted-account';
  readonly name: string;
  readonly state: string;
  /** Soft-deleted accounts cost nothing but still block the name. */
  readonly billable: boolean;
  /** ARM location (short name, e.g. `swedencentral`) where ARM reports one. */
  readonly location?: string;
}

export interface Inventory {
  readonly items: readonly InventoryItem[];
  readonly nothingBillableLeft: boolean;
}

export type DeleteOutcome = 'deleted' | 'absent';

/**
 * Everything the provisioning and cleanup operations need from Azure. Each `ensure` converges:
 * re-running it after success changes nothing and sends no create; long steps accept an
 * LroControl so the operation runner can persist and resume them.
 */
export interface AzureProvisioner {
  ensureResourceGroup(spec: ResourceGroupSpec): Promise<{ name: string; created: boolean }>;
  resolveModel(region: string, preferences?: readonly string[]): Promise<ResolvedModel>;
  planRegions(preferences?: readonly string[], regions?: readonly string[]): Promise<RegionPlan>;
  ensureOpenAIAccount(spec: OpenAIAccountSpec, lro?: LroControl): Promise<OpenAIAccountResult>;
  ensureDeployment(spec: DeploymentSpec, lro?: LroControl): Promise<DeploymentResult>;
  ensureDatabricksWorkspace(spec: WorkspaceSpec, lro?: LroControl): Promise<WorkspaceResult>;
  deleteDeployment(rg: string, account: string, name: string): Promise<DeleteOutcome>;
  deleteOpenAIAccount(rg: string, name: string, lro?: LroControl): Promise<DeleteOutcome>;
  purgeOpenAIAccount(rg: string, name: string, lro?: LroControl): Promise<DeleteOutcome>;
  deleteDatabricksWorkspace(rg: string, name: string, lro?: LroControl): Promise<DeleteOutcome>;
  deleteResourceGroup(rg: string, lro?: LroControl): Promise<DeleteOutcome>;
  listInventory(rg: string): Promise<Inventory>;
  /**
   * key1 of the account (ARM `listKeys`), so `deploy` can store it in a Databricks secret right
   * after `provision` without AZURE_OPENAI_API_KEY. Callers must never show or log it.
   */
  listAccountKey(resourceGroup: string, accountName: string): Promise<string>;
}
