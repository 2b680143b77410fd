import {
  parseKeyMetrics,
  parseMetricDirections,
  type MetricDirection,
} from '../services/mlflow/mlflow-settings';
import { optionalString, optionalUrl } from './env-fields';

/** Where the external systems are and how to reach them; every endpoint is overridable. */
export const connectionsEnvShape = {
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
};

type Str = string | undefined;
interface ConnectionsEnv {
  AZURE_SUBSCRIPTION_ID: Str;
  AZURE_TENANT_ID: Str;
  AZURE_CLIENT_ID: Str;
  AZURE_CLIENT_SECRET: Str;
  AZURE_ARM_ENDPOINT: string;
  AZURE_AUTHORITY_HOST: Str;
  AZURE_OPENAI_ENDPOINT: Str;
  AZURE_OPENAI_API_KEY: Str;
  AZURE_OPENAI_DEPLOYMENT: Str;
  OPENAI_API_VERSION: string;
  OPENAI_BASE_URL: Str;
  OPENAI_API_KEY: Str;
  DATABRICKS_HOST: Str;
  DATABRICKS_TOKEN: Str;
  DATABRICKS_CLIENT_ID: Str;
  DATABRICKS_CLIENT_SECRET: Str;
  MLFLOW_TRACKING_URI: Str;
  MLFLOW_TRACKING_TOKEN: Str;
  MLFLOW_TRACKING_USERNAME: Str;
  MLFLOW_TRACKING_PASSWORD: Str;
  MLFLOW_DEFAULT_EXPERIMENT: Str;
  MLFLOW_UI_URL: Str;
  MLFLOW_KEY_METRICS: Str;
  MLFLOW_METRIC_DIRECTIONS: Str;
}

export interface AzureConnection {
  readonly subscriptionId: string | undefined;
  readonly tenantId: string | undefined;
  readonly clientId: string | undefined;
  readonly hasClientSecret: boolean;
  readonly armEndpoint: string;
  readonly authorityHost: string | undefined;
}

export interface ConnectionsConfig {
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
    /** Run cards: `runs` without an experiment, UI links, key metrics, directions. */
    readonly defaultExperiment: string | undefined;
    readonly uiUrl: string | undefined;
    readonly keyMetrics: Readonly<Record<string, readonly string[]>>;
    readonly metricDirections: Readonly<Record<string, MetricDirection>>;
  };
}

export function azureConnectionFrom(e: ConnectionsEnv): AzureConnection {
  return {
    subscriptionId: e.AZURE_SUBSCRIPTION_ID,
    tenantId: e.AZURE_TENANT_ID,
    clientId: e.AZURE_CLIENT_ID,
    hasClientSecret: e.AZURE_CLIENT_SECRET !== undefined,
    armEndpoint: e.AZURE_ARM_ENDPOINT,
    authorityHost: e.AZURE_AUTHORITY_HOST,
  };
}

export function connectionsConfigFrom(e: ConnectionsEnv): ConnectionsConfig {
  return {
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
      defaultExperiment: e.MLFLOW_DEFAULT_EXPERIMENT,
      uiUrl: e.MLFLOW_UI_URL,
      keyMetrics: parseKeyMetrics(e.MLFLOW_KEY_METRICS) ?? {},
      metricDirections: parseMetricDirections(e.MLFLOW_METRIC_DIRECTIONS) ?? {},
    },
  };
}
