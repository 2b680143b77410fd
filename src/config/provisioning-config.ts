import { z } from 'zod';

/**
 * Provisioning variables, kept out of src/config/index.ts so that file stays small. This
 * module only declares the schema; src/config/index.ts spreads it into its env schema and remains
 * the only reader of the environment.
 */
const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const list = (fallback: readonly string[]) =>
  optional.transform((v) =>
    v === undefined
      ? [...fallback]
      : v
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s.length > 0),
  );

const intIn = (fallback: number, min: number, max: number) =>
  optional
    .transform((v) => (v === undefined ? fallback : Number(v)))
    .refine((n) => Number.isInteger(n) && n >= min && n <= max, `must be an integer ${min}-${max}`);

/** PyPI packages the lab notebooks need on the cluster (pinned where the lab pins them). */
export const DEFAULT_LIBRARIES = ['openai', 'mlflow-skinny[databricks]', 'tiktoken'];

export const provisioningEnvShape = {
  LAB_RESOURCE_PREFIX: optional.refine(
    (v) => v === undefined || /^[a-z][a-z0-9-]{1,20}$/.test(v),
    'must be 2-21 lower-case letters, digits or dashes, starting with a letter',
  ),
  DATABRICKS_LIBRARIES: list(DEFAULT_LIBRARIES),
  DATABRICKS_NODE_TYPE: optional.transform((v) => v ?? 'Standard_D4ds_v5'),
  DATABRICKS_SINGLE_USER: optional,
  DATABRICKS_RUNTIME_LTS_ONLY: optional
    .refine((v) => v === undefined || v === 'true' || v === 'false', 'must be true or false')
    .transform((v) => v !== 'false'),
  CLUSTER_AUTOTERMINATION_MINUTES: intIn(20, 10, 10_000),
  PROVISION_STEP_SLICE_MS: intIn(20_000, 50, 600_000),
  OPERATION_LEASE_MS: intIn(60_000, 1_000, 3_600_000),
  PRICE_TABLE_FILE: optional,
};

type Shape = typeof provisioningEnvShape;
type Parsed = { [K in keyof Shape]: z.output<Shape[K]> };

/** The validated provisioning settings as the rest of the program sees them. */
export interface ProvisioningConfig {
  /** Prefix of every resource name (rg-<prefix>, aoai-<prefix>, ...); default the environment name. */
  readonly resourcePrefix: string;
  readonly libraries: readonly string[];
  readonly nodeType: string;
  /** Who the cluster is dedicated to when the requester has no e-mail (the bot's SP app id). */
  readonly singleUser: string | undefined;
  readonly runtimeLtsOnly: boolean;
  readonly autoterminationMinutes: number;
  /** How long one step call may wait on the cloud before it yields with a resume token. */
  readonly stepSliceMs: number;
  /** How long a crashed replica (or a killed process) keeps its operations before they resume. */
  readonly operationLeaseMs: number;
  readonly priceTableFile: string | undefined;
}

/** Maps the parsed variables to ProvisioningConfig; `environmentName` is the prefix fallback. */
export function provisioningConfigFrom(e: Parsed, environmentName: string): ProvisioningConfig {
  return {
    resourcePrefix: e.LAB_RESOURCE_PREFIX ?? environmentName,
    libraries: e.DATABRICKS_LIBRARIES,
    nodeType: e.DATABRICKS_NODE_TYPE,
    singleUser: e.DATABRICKS_SINGLE_USER,
    runtimeLtsOnly: e.DATABRICKS_RUNTIME_LTS_ONLY,
    autoterminationMinutes: e.CLUSTER_AUTOTERMINATION_MINUTES,
    stepSliceMs: e.PROVISION_STEP_SLICE_MS,
    operationLeaseMs: e.OPERATION_LEASE_MS,
    priceTableFile: e.PRICE_TABLE_FILE,
  };
}
