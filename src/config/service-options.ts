import type { ArmClientOptions } from '../services/azure/arm-clients';
import type { ArmProvisioningOptions } from '../services/azure/arm-context';
import type { DatabricksConnection } from '../services/databricks/databricks-client';
import type { LlmTargetOptions } from '../services/llm/llm-target';
import type { MlflowConnection } from '../services/mlflow/create-mlflow-service';
import type { MlflowSettings } from '../services/mlflow/mlflow-settings';
import type { Config } from './index';

/**
 * What each client of an outside system is given, cut from the configuration here so the
 * services never see Config. Credentials that are objects (the Azure credential) are not
 * configuration: the composition root adds them.
 */
/** The store to open; `entra`: its password is an Entra token, which the composition root adds. */
export type StoreConnection =
  | { kind: 'sqlite'; dataDir: string }
  | { kind: 'postgres'; url: string; poolMax: number; entra: boolean };

export interface ServiceOptions {
  readonly store: StoreConnection;
  readonly mlflow: MlflowConnection;
  /** Run-card choices: default experiment, key metrics, metric directions. */
  readonly mlflowSettings: MlflowSettings;
  readonly databricks: Omit<DatabricksConnection, 'azureCredential'>;
  readonly llmTargets: LlmTargetOptions;
  readonly armClients: ArmClientOptions;
  readonly armProvisioning: ArmProvisioningOptions;
}

export function serviceOptionsFrom(config: Readonly<Config>): ServiceOptions {
  const { azure, databricks, mlflow, store } = config;
  return {
    store:
      store.kind === 'sqlite'
        ? { kind: 'sqlite', dataDir: config.dataDir }
        : {
            kind: 'postgres',
            url: store.url,
            poolMax: store.poolMax,
            entra: store.auth === 'entra',
          },
    mlflow: {
      trackingUri: mlflow.trackingUri,
      token: mlflow.token,
      username: mlflow.username,
      password: mlflow.password,
      uiUrl: mlflow.uiUrl,
      workspace: { host: databricks.host, token: databricks.token },
      timeoutMs: config.httpTimeoutMs,
    },
    mlflowSettings: {
      defaultExperiment: mlflow.defaultExperiment,
      keyMetrics: mlflow.keyMetrics,
      metricDirections: mlflow.metricDirections,
    },
    databricks: {
      host: databricks.host,
      token: databricks.token,
      clientId: databricks.clientId,
      clientSecret: databricks.clientSecret,
      timeoutMs: config.httpTimeoutMs,
    },
    llmTargets: {
      azureOpenAI: config.azureOpenAI,
      databricks: {
        host: databricks.host,
        token: databricks.token,
        servingEndpoint: config.llm.servingEndpoint,
      },
      openAI: { ...config.openAI, model: config.llm.openAIModel },
    },
    armClients: {
      subscriptionId: azure.subscriptionId,
      armEndpoint: azure.armEndpoint,
      maxRetryAfterMs: azure.maxRetryAfterMs,
      requestTimeoutMs: config.httpTimeoutMs,
    },
    armProvisioning: {
      pollIntervalMs: azure.lroPollIntervalMs,
      capacity: azure.deploymentCapacity,
      preferences: azure.modelPreferences,
      regions: azure.regions,
      minLifetimeDays: azure.modelMinLifetimeDays,
      regionFallback: azure.quotaRegionFallback,
      workspaceSku: azure.databricksWorkspaceSku,
    },
  };
}
