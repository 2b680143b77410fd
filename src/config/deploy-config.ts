import { z } from 'zod';
import { optionalString as optional, positiveInt as positive } from './env-fields';

/**
 * Variables for `deploy` / `rollback` and MLflow logging of prompting. Kept apart from
 * src/config/index.ts, which spreads `deployEnvShape` into its schema and stays the only reader of
 * the environment; this file only parses what it is handed.
 */

/** Databricks secret scope and key names: letters, digits, `-`, `_`, `.` (≤128 chars). */
const SECRET_NAME = /^[A-Za-z0-9_.-]{1,128}$/;
const secretName = (fallback: string) =>
  optional
    .refine((v) => v === undefined || SECRET_NAME.test(v), 'must match [A-Za-z0-9_.-]{1,128}')
    .transform((v) => v ?? fallback);

/** The zod shape src/config/index.ts spreads into its environment schema. */
export const deployEnvShape = {
  DEPLOY_ENDPOINT_NAME: optional.refine(
    (v) => v === undefined || /^[A-Za-z0-9_-]{1,63}$/.test(v),
    'must be letters, digits, - or _ (max 63)',
  ),
  DEPLOY_SECRET_SCOPE: secretName('llmops-bot'),
  DEPLOY_SECRET_KEY: secretName('azure-openai-key'),
  DEPLOY_INFERENCE_TABLE: optional.refine(
    (v) => v === undefined || /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(v),
    'must be a Unity Catalog location catalog.schema',
  ),
  DEPLOY_MODEL_NAME: optional,
  DEPLOY_MODEL_VERSION: optional,
  DEPLOY_DEFAULT_TEMPERATURE: optional
    .transform((v) => (v === undefined ? 1 : Number(v)))
    .refine((n) => Number.isFinite(n) && n >= 0 && n <= 2, 'must be a number from 0 to 2'),
  DEPLOY_REQUIRED_SUITE: optional,
  DEPLOY_POLL_INTERVAL_MS: positive(5_000),
  DEPLOY_TIMEOUT_MS: positive(30 * 60_000),
  MLFLOW_DEPLOY_EXPERIMENT: optional,
  MLFLOW_PROMPTING_EXPERIMENT: optional,
  CANARY_SUITE: optional,
  CANARY_WINDOW_MINUTES: positive(60),
};

type Parsed = { [K in keyof typeof deployEnvShape]: z.output<(typeof deployEnvShape)[K]> };

/** What `deploy`, `rollback` and the prompting tracker read from configuration. */
export interface DeployConfig {
  /** `deploy` without `--endpoint`; falls back to DATABRICKS_SERVING_ENDPOINT, then `llmops-chat`. */
  readonly endpointName: string | undefined;
  readonly secretScope: string;
  readonly secretKey: string;
  /** `catalog.schema` for the AI Gateway inference table; none when unset. */
  readonly inferenceTable: { readonly catalog: string; readonly schema: string } | undefined;
  /** The Azure OpenAI model behind the deployment, for MLflow params (defaults to the deployment). */
  readonly modelName: string | undefined;
  readonly modelVersion: string | undefined;
  readonly defaultTemperature: number;
  /** A prompt suite that must pass before the endpoint is changed. */
  readonly requiredSuite: string | undefined;
  readonly pollIntervalMs: number;
  readonly timeoutMs: number;
  /** Explicit experiment names; the defaults depend on the MLflow flavor (see deploy-settings). */
  readonly deployExperiment: string | undefined;
  readonly promptingExperiment: string | undefined;
  /** `deploy --canary`: the suite that judges the candidate, and how long traffic is split first. */
  readonly canary: { readonly suite: string | undefined; readonly windowMinutes: number };
}

/** Turns the parsed variables into DeployConfig; called once by loadConfig. */
export function deployConfigFrom(e: Parsed): DeployConfig {
  const [catalog, schema] = (e.DEPLOY_INFERENCE_TABLE ?? '').split('.');
  return {
    endpointName: e.DEPLOY_ENDPOINT_NAME,
    secretScope: e.DEPLOY_SECRET_SCOPE,
    secretKey: e.DEPLOY_SECRET_KEY,
    inferenceTable: catalog && schema ? { catalog, schema } : undefined,
    modelName: e.DEPLOY_MODEL_NAME,
    modelVersion: e.DEPLOY_MODEL_VERSION,
    defaultTemperature: e.DEPLOY_DEFAULT_TEMPERATURE,
    requiredSuite: e.DEPLOY_REQUIRED_SUITE,
    pollIntervalMs: e.DEPLOY_POLL_INTERVAL_MS,
    timeoutMs: e.DEPLOY_TIMEOUT_MS,
    deployExperiment: e.MLFLOW_DEPLOY_EXPERIMENT,
    promptingExperiment: e.MLFLOW_PROMPTING_EXPERIMENT,
    canary: { suite: e.CANARY_SUITE, windowMinutes: e.CANARY_WINDOW_MINUTES },
  };
}
