import { csv, optionalString, positiveInt } from './env-fields';

/** How provisioning talks to ARM: regions, model choice, capacity, LRO pacing. */
export const armProvisioningEnvShape = {
  AZURE_REGIONS: csv.transform((list) =>
    (list.length > 0
      ? list
      : ['East US 2', 'North Central US', 'Sweden Central', 'Switzerland West']
    ).map((r) => r.toLowerCase().replace(/\s+/g, '')),
  ),
  AZURE_OPENAI_MODEL_PREFERENCES: csv.transform((l) =>
    l.length > 0 ? l : ['gpt-5-mini', 'gpt-4.1-mini', 'gpt-4o-mini'],
  ),
  AZURE_OPENAI_CAPACITY: positiveInt(5),
  AZURE_MODEL_MIN_LIFETIME_DAYS: positiveInt(30),
  AZURE_QUOTA_REGION_FALLBACK: optionalString
    .refine(
      (v) => v === undefined || v === 'next-region' || v === 'ask',
      'must be next-region or ask',
    )
    .transform((v): 'ask' | 'next-region' => (v === 'ask' ? 'ask' : 'next-region')),
  AZURE_LRO_POLL_INTERVAL_MS: positiveInt(2_000),
  AZURE_MAX_RETRY_AFTER_MS: positiveInt(60_000),
  DATABRICKS_WORKSPACE_SKU: optionalString
    .refine((v) => v === undefined || ['premium', 'trial'].includes(v), 'must be premium or trial')
    .transform((v): 'trial' | 'premium' => (v === 'trial' ? 'trial' : 'premium')),
};

export interface ArmProvisioningConfig {
  /** ARM short region names in preference order. */
  readonly regions: readonly string[];
  readonly modelPreferences: readonly string[];
  readonly deploymentCapacity: number;
  readonly modelMinLifetimeDays: number;
  readonly quotaRegionFallback: 'next-region' | 'ask';
  readonly lroPollIntervalMs: number;
  readonly maxRetryAfterMs: number;
  readonly databricksWorkspaceSku: 'premium' | 'trial';
}

export function armProvisioningConfigFrom(e: {
  AZURE_REGIONS: string[];
  AZURE_OPENAI_MODEL_PREFERENCES: string[];
  AZURE_OPENAI_CAPACITY: number;
  AZURE_MODEL_MIN_LIFETIME_DAYS: number;
  AZURE_QUOTA_REGION_FALLBACK: 'next-region' | 'ask';
  AZURE_LRO_POLL_INTERVAL_MS: number;
  AZURE_MAX_RETRY_AFTER_MS: number;
  DATABRICKS_WORKSPACE_SKU: 'premium' | 'trial';
}): ArmProvisioningConfig {
  return {
    regions: e.AZURE_REGIONS,
    modelPreferences: e.AZURE_OPENAI_MODEL_PREFERENCES,
    deploymentCapacity: e.AZURE_OPENAI_CAPACITY,
    modelMinLifetimeDays: e.AZURE_MODEL_MIN_LIFETIME_DAYS,
    quotaRegionFallback: e.AZURE_QUOTA_REGION_FALLBACK,
    lroPollIntervalMs: e.AZURE_LRO_POLL_INTERVAL_MS,
    maxRetryAfterMs: e.AZURE_MAX_RETRY_AFTER_MS,
    databricksWorkspaceSku: e.DATABRICKS_WORKSPACE_SKU,
  };
}
