import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import {
  armProvisioningConfigFrom,
  armProvisioningEnvShape,
  type ArmProvisioningConfig,
} from './arm-provisioning-config';
import {
  azureConnectionFrom,
  connectionsConfigFrom,
  connectionsEnvShape,
  type AzureConnection,
  type ConnectionsConfig,
} from './connections-config';
import {
  type ConfigWarning,
  csv,
  notObjectIds,
  optionalBoolean,
  optionalString,
  port,
  positiveInt,
} from './env-fields';
import { listenGuard, normalizeNodeEnv } from './listen-guard';
import { llmConfigFrom, llmEnvShape, type LlmConfig } from './llm-config';
import { deployConfigFrom, deployEnvShape, type DeployConfig } from './deploy-config';
import {
  canaryEvalConfigFrom,
  canaryEvalEnvShape,
  type CanaryEvalConfig,
} from './canary-eval-config';
import { driftConfigFrom, driftEnvShape, type DriftConfig } from './drift-config';
import {
  mlflowWatchConfigFrom,
  mlflowWatchEnvShape,
  type MlflowWatchConfig,
} from './mlflow-watch-config';
import {
  storeConfigFrom,
  storeConfigProblems,
  storeEnvShape,
  type StoreConfig,
} from './store-config';
import { unfurlConfigFrom, unfurlEnvShape, type UnfurlConfig } from './unfurl-config';
import { accessConfigFrom, accessEnvShape, type AccessConfig } from './access-config';
import { telemetryConfigFrom, telemetryEnvShape, type TelemetryConfig } from './telemetry-config';
import {
  provisioningConfigFrom,
  provisioningEnvShape,
  type ProvisioningConfig,
} from './provisioning-config';

/** Thrown when the environment is invalid; the message names every offending variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const APP_TYPES = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'] as const;
/** What Azure creates for a new bot (new multi-tenant bots can no longer be created). */
const DEFAULT_APP_TYPE = 'SingleTenant';
/**
 * The other way out of a bot-identity error: a newcomer who copied .env.sample and filled in one
 * line wants local mode, where the Agents Playground (which sends no token) works.
 */
const ORLOCAL =
  ', or leave MicrosoftAppId empty (commented out, as in .env.sample) to run locally without authentication';

/** Every variable the bot reads, in one schema; `.env.sample` documents the same list. */
const envSchema = z.object({
  NODE_ENV: optionalString,
  PORT: port(3978),
  HOST: optionalString.transform((v) => v ?? '127.0.0.1'),
  DATA_DIR: optionalString.transform((v) => v ?? './.data'),
  ...storeEnvShape,
  LOG_LEVEL: optionalString.refine(
    (v) => v === undefined || (LOG_LEVELS as readonly string[]).includes(v),
    `must be one of ${LOG_LEVELS.join(', ')}`,
  ),
  MAX_BODY_BYTES: positiveInt(262_144, ' (bytes)'),
  MicrosoftAppId: optionalString,
  MicrosoftAppPassword: optionalString,
  MicrosoftAppType: optionalString.refine(
    (v) => v === undefined || APP_TYPES.some((t) => t.toLowerCase() === v.toLowerCase()),
    `must be one of ${APP_TYPES.join(', ')}`,
  ),
  MicrosoftAppTenantId: optionalString,
  ALLOW_UNAUTHENTICATED: optionalBoolean,
  ADMIN_AAD_OBJECT_IDS: csv,
  ADMIN_GROUP_IDS: csv,
  ...accessEnvShape,
  ENVIRONMENT_NAME: optionalString.transform((v) => v ?? 'llmops-lab'),
  HTTP_TIMEOUT_MS: positiveInt(15_000, ' (milliseconds)'),
  TURN_TIMEOUT_MS: positiveInt(300_000, ' (milliseconds)'),
  ...connectionsEnvShape,
  ...armProvisioningEnvShape,
  ...llmEnvShape,
  ...deployEnvShape,
  ...provisioningEnvShape,
  ...driftEnvShape,
  ...canaryEvalEnvShape,
  ...mlflowWatchEnvShape,
  ...telemetryEnvShape,
  ...unfurlEnvShape,
});

/** Every variable the bot reads; `.env.sample` and docs/configuration.md must list each one. */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(envSchema.shape);

export type LogLevel = (typeof LOG_LEVELS)[number];

/** The validated configuration; the rest of the program never sees process.env. */
export interface Config {
  readonly nodeEnv: string;
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** The embedded SQLite in dataDir, or PostgreSQL (src/config/store-config.ts). */
  readonly store: StoreConfig;
  readonly logLevel: LogLevel;
  readonly maxBodyBytes: number;
  readonly environmentName: string;
  readonly httpTimeoutMs: number;
  /** How long a command may take before the user is told it took too long. */
  readonly turnTimeoutMs: number;
  readonly bot: {
    readonly appId: string | undefined;
    readonly appPassword: string | undefined;
    readonly appType: (typeof APP_TYPES)[number];
    readonly tenantId: string | undefined;
  };
  readonly admins: {
    readonly aadObjectIds: readonly string[];
    readonly groupIds: readonly string[];
  };
  /** The Graph group check and the approvals a change needs (src/config/access-config.ts). */
  readonly access: AccessConfig;
  /** Azure identity and ARM endpoint, plus how provisioning uses ARM. */
  readonly azure: AzureConnection & ArmProvisioningConfig;
  /** Names, cluster, libraries and prices for `provision` / `cleanup` (config/provisioning-config.ts). */
  readonly provisioning: ProvisioningConfig;
  readonly azureOpenAI: ConnectionsConfig['azureOpenAI'];
  readonly openAI: ConnectionsConfig['openAI'];
  readonly databricks: ConnectionsConfig['databricks'];
  readonly mlflow: ConnectionsConfig['mlflow'];
  /** Chat-completion targets, limits and the prompt-testing folder. */
  readonly llm: LlmConfig;
  /** `deploy` / `rollback` and MLflow logging of prompting (src/config/deploy-config.ts). */
  readonly deploy: DeployConfig;
  /** Drift monitoring and alerts (src/config/drift-config.ts). */
  readonly drift: DriftConfig;
  /** What decides a canary (src/config/canary-eval-config.ts). */
  readonly canaryEval: CanaryEvalConfig;
  /** `subscribe runs` polling (src/config/mlflow-watch-config.ts). */
  readonly mlflowWatch: MlflowWatchConfig;
  /** Application Insights and /metrics (src/config/telemetry-config.ts). */
  readonly telemetry: TelemetryConfig;
  /** Link unfurling and compose-box search (src/config/unfurl-config.ts). */
  readonly unfurl: UnfurlConfig;
  /**
   * Values that are accepted but probably not what the operator meant (an e-mail among the admin
   * ids); logged at warn level when the bot starts and shown by `status`.
   */
  readonly warnings: readonly ConfigWarning[];
}

/**
 * Only the bot's app id, for building the Teams package: the manifest needs nothing else, so a
 * missing password or tenant (checked by loadConfig for running the bot) must not stop it.
 */
export function loadBotAppId(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const parsed = z.object({ MicrosoftAppId: optionalString }).safeParse(env);
  if (!parsed.success)
    throw new ConfigError([`MicrosoftAppId: ${parsed.error.issues[0]?.message}`]);
  return parsed.data.MicrosoftAppId;
}

/** Node 20 ships a .env parser; use it instead of a dependency. Existing variables win. */
export function loadDotEnv(file = path.resolve('.env')): void {
  if (existsSync(file)) process.loadEnvFile(file);
}

/**
 * Parses and validates the environment. Throws ConfigError naming every bad variable,
 * so a misconfigured deployment fails at start, not at the first message.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => `${i.path.join('.') || '(environment)'}: ${i.message}`),
    );
  }
  const e = parsed.data;
  const nodeEnv = normalizeNodeEnv(e.NODE_ENV);
  const appType =
    APP_TYPES.find(
      (t) => t.toLowerCase() === (e.MicrosoftAppType ?? DEFAULT_APP_TYPE).toLowerCase(),
    ) ?? DEFAULT_APP_TYPE;
  const problems = listenGuard({
    nodeEnv: e.NODE_ENV,
    host: e.HOST,
    appId: e.MicrosoftAppId,
    allowUnauthenticated: e.ALLOW_UNAUTHENTICATED,
  });
  if (e.MicrosoftAppId !== undefined && appType !== 'UserAssignedMSI' && !e.MicrosoftAppPassword) {
    problems.push(
      `MicrosoftAppPassword: required when MicrosoftAppId is set (MicrosoftAppType=${appType}): set the client secret${ORLOCAL}`,
    );
  }
  if (appType === 'UserAssignedMSI' && e.MicrosoftAppPassword !== undefined) {
    problems.push(
      'MicrosoftAppPassword: must not be set for MicrosoftAppType=UserAssignedMSI (the managed identity signs in without a secret): remove it',
    );
  }
  if (appType !== 'MultiTenant' && e.MicrosoftAppId !== undefined && !e.MicrosoftAppTenantId) {
    problems.push(
      `MicrosoftAppTenantId: required when MicrosoftAppId is set (MicrosoftAppType=${appType}): set the bot registration's tenant id${ORLOCAL}`,
    );
  }
  problems.push(...storeConfigProblems(e));
  if (problems.length > 0) throw new ConfigError(problems);

  return Object.freeze({
    nodeEnv,
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    store: storeConfigFrom(e),
    logLevel: (e.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info')) as LogLevel,
    maxBodyBytes: e.MAX_BODY_BYTES,
    environmentName: e.ENVIRONMENT_NAME,
    httpTimeoutMs: e.HTTP_TIMEOUT_MS,
    turnTimeoutMs: e.TURN_TIMEOUT_MS,
    bot: {
      appId: e.MicrosoftAppId,
      appPassword: e.MicrosoftAppPassword,
      appType,
      tenantId: e.MicrosoftAppTenantId,
    },
    admins: { aadObjectIds: e.ADMIN_AAD_OBJECT_IDS, groupIds: e.ADMIN_GROUP_IDS },
    access: accessConfigFrom(e),
    azure: { ...azureConnectionFrom(e), ...armProvisioningConfigFrom(e) },
    provisioning: provisioningConfigFrom(e, e.ENVIRONMENT_NAME),
    ...connectionsConfigFrom(e),
    llm: llmConfigFrom(e),
    deploy: deployConfigFrom(e),
    drift: driftConfigFrom(e),
    canaryEval: canaryEvalConfigFrom(e),
    mlflowWatch: mlflowWatchConfigFrom(e),
    telemetry: telemetryConfigFrom(e),
    unfurl: unfurlConfigFrom(e),
    warnings: [
      ...notObjectIds('ADMIN_AAD_OBJECT_IDS', e.ADMIN_AAD_OBJECT_IDS),
      ...notObjectIds('ADMIN_GROUP_IDS', e.ADMIN_GROUP_IDS),
    ],
  });
}
