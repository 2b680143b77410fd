import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

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
  readonly mlflow: {
    readonly trackingUri: string | undefined;
    readonly token: string | undefined;
    readonly username: string | undefined;
    readonly password: string | undefined;
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
    mlflow: {
      trackingUri: e.MLFLOW_TRACKING_URI,
      token: e.MLFLOW_TRACKING_TOKEN,
      username: e.MLFLOW_TRACKING_USERNAME,
      password: e.MLFLOW_TRACKING_PASSWORD,
    },
  });
}
