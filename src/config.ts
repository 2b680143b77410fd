import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import {
  parseKeyMetrics,
  parseMetricDirections,
  type MetricDirection,
} from './services/mlflow/mlflow-settings';

/** Thrown when the environment is invalid; the message names every offending variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const APP_TYPES = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'] as const;

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const optionalUrl = optionalString.refine(
  (v) => v === undefined || URL.canParse(v),
  'must be an absolute URL such as https://example.com',
);

const csv = optionalString.transform((v) =>
  v === undefined
    ? []
    : v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
);

const port = (fallback: number) =>
  optionalString
    .transform((v) => (v === undefined ? fallback : Number(v)))
    .refine((n) => Number.isInteger(n) && n >= 0 && n <= 65535, 'must be a port number 0-65535');

const positiveInt = (fallback: number) =>
  optionalString
    .transform((v) => (v === undefined ? fallback : Number(v)))
    .refine((n) => Number.isInteger(n) && n > 0, 'must be a positive integer');

/** Every variable the bot reads, in one schema; `.env.sample` documents the same list. */
const envSchema = z.object({
  NODE_ENV: optionalString,
  PORT: port(3978),
  HOST: optionalString.transform((v) => v ?? '127.0.0.1'),
  DATA_DIR: optionalString.transform((v) => v ?? './.data'),
  LOG_LEVEL: optionalString.refine(
    (v) => v === undefined || (LOG_LEVELS as readonly string[]).includes(v),
    `must be one of ${LOG_LEVELS.join(', ')}`,
  ),
  MAX_BODY_BYTES: optionalString
    .transform((v) => (v === undefined ? 262_144 : Number(v)))
    .refine((n) => Number.isInteger(n) && n > 0, 'must be a positive integer (bytes)'),
  MicrosoftAppId: optionalString,
  MicrosoftAppPassword: optionalString,
  MicrosoftAppType: optionalString.refine(
    (v) => v === undefined || APP_TYPES.some((t) => t.toLowerCase() === v.toLowerCase()),
    `must be one of ${APP_TYPES.join(', ')}`,
  ),
  MicrosoftAppTenantId: optionalString,
  ADMIN_AAD_OBJECT_IDS: csv,
  ADMIN_GROUP_IDS: csv,
  ENVIRONMENT_NAME: optionalString.transform((v) => v ?? 'llmops-lab'),
  AZURE_SUBSCRIPTION_ID: optionalString,
  AZURE_TENANT_ID: optionalString,
  AZURE_CLIENT_ID: optionalString,
  AZURE_CLIENT_SECRET: optionalString,
  AZURE_ARM_ENDPOINT: optionalUrl.transform((v) => v ?? 'https://management.azure.com'),
  AZURE_AUTHORITY_HOST: optionalUrl,
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
  AZURE_OPENAI_ENDPOINT: optionalUrl,
  AZURE_OPENAI_API_KEY: optionalString,
  AZURE_OPENAI_DEPLOYMENT: optionalString,
  OPENAI_API_VERSION: optionalString.transform((v) => v ?? '2024-10-21'),
  OPENAI_BASE_URL: optionalUrl,
  OPENAI_API_KEY: optionalString,
  DATABRICKS_HOST: optionalUrl,
  DATABRICKS_TOKEN: optionalString,
  DATABRICKS_CLIENT_ID: optionalString,
  DATABRICKS_CLIENT_SECRET: optionalString,
  MLFLOW_TRACKING_URI: optionalUrl,
  MLFLOW_TRACKING_TOKEN: optionalString,
  MLFLOW_TRACKING_USERNAME: optionalString,
  MLFLOW_TRACKING_PASSWORD: optionalString,
  MLFLOW_DEFAULT_EXPERIMENT: optionalString,
  MLFLOW_UI_URL: optionalUrl,
  MLFLOW_KEY_METRICS: optionalString.refine(
    (v) => parseKeyMetrics(v) !== undefined,
    'must look like experiment=metric,metric;other=metric (use * for every experiment)',
  ),
  MLFLOW_METRIC_DIRECTIONS: optionalString.refine(
    (v) => parseMetricDirections(v) !== undefined,
    'must look like metric=lower,metric=higher',
  ),
  DATABRICKS_SERVING_ENDPOINT: optionalString,
  OPENAI_MODEL: optionalString,
  LLM_DEFAULT_TARGET: optionalString,
  LLM_MAX_PROMPT_CHARS: positiveInt(16_000),
  LLM_TIMEOUT_MS: positiveInt(60_000),
  LLM_MAX_RETRY_WAIT_MS: positiveInt(30_000),
  CHAT_HISTORY_TOKEN_BUDGET: positiveInt(3_000),
  PROMPT_SUITES_DIR: optionalString.transform((v) => v ?? './prompt-suites'),
  INFERENCE_LOG_REDACT_TEXT: optionalString.transform((v) => v?.toLowerCase() === 'true'),
  HTTP_TIMEOUT_MS: optionalString
    .transform((v) => (v === undefined ? 15_000 : Number(v)))
    .refine((n) => Number.isInteger(n) && n > 0, 'must be a positive integer (milliseconds)'),
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
  readonly logLevel: LogLevel;
  readonly maxBodyBytes: number;
  readonly environmentName: string;
  readonly httpTimeoutMs: number;
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
  readonly azure: {
    readonly subscriptionId: string | undefined;
    readonly tenantId: string | undefined;
    readonly clientId: string | undefined;
    readonly hasClientSecret: boolean;
    readonly armEndpoint: string;
    readonly authorityHost: string | undefined;
    /** Provisioning (issue 3): ARM short region names in preference order, model choice, LRO pacing. */
    readonly regions: readonly string[];
    readonly modelPreferences: readonly string[];
    readonly deploymentCapacity: number;
    readonly modelMinLifetimeDays: number;
    readonly quotaRegionFallback: 'next-region' | 'ask';
    readonly lroPollIntervalMs: number;
    readonly maxRetryAfterMs: number;
    readonly databricksWorkspaceSku: 'premium' | 'trial';
  };
  readonly azureOpenAI: {
    readonly endpoint: string | undefined;
    readonly apiKey: string | undefined;
    readonly deployment: string | undefined;
    readonly apiVersion: string;
  };
  readonly openAI: { readonly baseUrl: string | undefined; readonly apiKey: string | undefined };
  readonly databricks: {
    readonly host: string | undefined;
    readonly token: string | undefined;
    readonly clientId: string | undefined;
    readonly clientSecret: string | undefined;
  };
  /** Chat-completion targets, limits and the prompt-testing folder (issue 4). */
  readonly llm: {
    readonly servingEndpoint: string | undefined;
    readonly openAIModel: string | undefined;
    readonly defaultTarget: string | undefined;
    readonly maxPromptChars: number;
    readonly timeoutMs: number;
    readonly maxRetryWaitMs: number;
    readonly chatHistoryTokenBudget: number;
    readonly promptSuitesDir: string;
    readonly redactInferenceText: boolean;
  };
  readonly mlflow: {
    readonly trackingUri: string | undefined;
    readonly token: string | undefined;
    readonly username: string | undefined;
    readonly password: string | undefined;
    /** Run cards (issue 5): `runs` without an experiment, UI links, key metrics, directions. */
    readonly defaultExperiment: string | undefined;
    readonly uiUrl: string | undefined;
    readonly keyMetrics: Readonly<Record<string, readonly string[]>>;
    readonly metricDirections: Readonly<Record<string, MetricDirection>>;
  };
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
  const nodeEnv = e.NODE_ENV ?? 'development';
  const appType =
    APP_TYPES.find(
      (t) => t.toLowerCase() === (e.MicrosoftAppType ?? 'MultiTenant').toLowerCase(),
    ) ?? 'MultiTenant';
  const problems: string[] = [];
  if (nodeEnv === 'production' && e.MicrosoftAppId === undefined) {
    problems.push(
      'MicrosoftAppId: must be set when NODE_ENV=production (without it, requests are not authenticated)',
    );
  }
  if (e.MicrosoftAppId !== undefined && appType !== 'UserAssignedMSI' && !e.MicrosoftAppPassword) {
    problems.push(`MicrosoftAppPassword: required when MicrosoftAppId is set (type ${appType})`);
  }
  if (appType === 'UserAssignedMSI' && e.MicrosoftAppPassword !== undefined) {
    problems.push('MicrosoftAppPassword: must not be set for MicrosoftAppType=UserAssignedMSI');
  }
  if (appType !== 'MultiTenant' && e.MicrosoftAppId !== undefined && !e.MicrosoftAppTenantId) {
    problems.push(`MicrosoftAppTenantId: required for MicrosoftAppType=${appType}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);

  return Object.freeze({
    nodeEnv,
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    logLevel: (e.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info')) as LogLevel,
    maxBodyBytes: e.MAX_BODY_BYTES,
    environmentName: e.ENVIRONMENT_NAME,
    httpTimeoutMs: e.HTTP_TIMEOUT_MS,
    bot: {
      appId: e.MicrosoftAppId,
      appPassword: e.MicrosoftAppPassword,
      appType,
      tenantId: e.MicrosoftAppTenantId,
    },
    admins: { aadObjectIds: e.ADMIN_AAD_OBJECT_IDS, groupIds: e.ADMIN_GROUP_IDS },
    azure: {
      subscriptionId: e.AZURE_SUBSCRIPTION_ID,
      tenantId: e.AZURE_TENANT_ID,
      clientId: e.AZURE_CLIENT_ID,
      hasClientSecret: e.AZURE_CLIENT_SECRET !== undefined,
      armEndpoint: e.AZURE_ARM_ENDPOINT,
      authorityHost: e.AZURE_AUTHORITY_HOST,
      regions: e.AZURE_REGIONS,
      modelPreferences: e.AZURE_OPENAI_MODEL_PREFERENCES,
      deploymentCapacity: e.AZURE_OPENAI_CAPACITY,
      modelMinLifetimeDays: e.AZURE_MODEL_MIN_LIFETIME_DAYS,
      quotaRegionFallback: e.AZURE_QUOTA_REGION_FALLBACK,
      lroPollIntervalMs: e.AZURE_LRO_POLL_INTERVAL_MS,
      maxRetryAfterMs: e.AZURE_MAX_RETRY_AFTER_MS,
      databricksWorkspaceSku: e.DATABRICKS_WORKSPACE_SKU,
    },
    azureOpenAI: {
      endpoint: e.AZURE_OPENAI_ENDPOINT,
      apiKey: e.AZURE_OPENAI_API_KEY,
      deployment: e.AZURE_OPENAI_DEPLOYMENT,
      apiVersion: e.OPENAI_API_VERSION,
    },
    openAI: { baseUrl: e.OPENAI_BASE_URL, apiKey: e.OPENAI_API_KEY },
    databricks: {
      host: e.DATABRICKS_HOST,
      token: e.DATABRICKS_TOKEN,
      clientId: e.DATABRICKS_CLIENT_ID,
      clientSecret: e.DATABRICKS_CLIENT_SECRET,
    },
    llm: {
      servingEndpoint: e.DATABRICKS_SERVING_ENDPOINT,
      openAIModel: e.OPENAI_MODEL,
      defaultTarget: e.LLM_DEFAULT_TARGET,
      maxPromptChars: e.LLM_MAX_PROMPT_CHARS,
      timeoutMs: e.LLM_TIMEOUT_MS,
      maxRetryWaitMs: e.LLM_MAX_RETRY_WAIT_MS,
      chatHistoryTokenBudget: e.CHAT_HISTORY_TOKEN_BUDGET,
      promptSuitesDir: path.resolve(e.PROMPT_SUITES_DIR),
      redactInferenceText: e.INFERENCE_LOG_REDACT_TEXT,
    },
    mlflow: {
      trackingUri: e.MLFLOW_TRACKING_URI,
      token: e.MLFLOW_TRACKING_TOKEN,
      username: e.MLFLOW_TRACKING_USERNAME,
      password: e.MLFLOW_TRACKING_PASSWORD,
      defaultExperiment: e.MLFLOW_DEFAULT_EXPERIMENT,
      uiUrl: e.MLFLOW_UI_URL,
      keyMetrics: parseKeyMetrics(e.MLFLOW_KEY_METRICS) ?? {},
      metricDirections: parseMetricDirections(e.MLFLOW_METRIC_DIRECTIONS) ?? {},
    },
  });
}
