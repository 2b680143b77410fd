import type { Config } from '../../config';
import type { AzureProvisioner } from '../../services/azure/azure-provisioner';
import {
  databricksHttp,
  type DatabricksConnection,
} from '../../services/databricks/databricks-client';
import { DatabricksSecrets } from '../../services/databricks/secrets';
import { DatabricksServing } from '../../services/databricks/serving';
import type { PromptingServices } from '../prompting/prompting-services';
import type { Logger } from '../../platform/logging/logger';
import { defaultExperimentName } from '../prompting/ensure-experiment';
import { DeploymentRecords } from './deployment-records';
import { PromptRunTracker } from '../prompting/prompt-run-tracker';
import type { MlflowService } from '../../services/mlflow/mlflow-service';
import type { AuditRepository } from '../../platform/store/audit-repository';
import type { DeployKindDeps } from './deploy-params';
import type { DeployServices } from './deploy-services';
import { promptSuiteGate } from './suite-gate';

/** The MLflow tracker for suites and chat sessions, or undefined without MLflow. */
export function createPromptRunTracker(
  config: Readonly<Config>,
  mlflow: MlflowService | undefined,
  log: Logger,
): PromptRunTracker | undefined {
  if (!mlflow) return undefined;
  const name = defaultExperimentName(
    mlflow,
    config.deploy.promptingExperiment,
    'llmops-bot-prompting',
  );
  return new PromptRunTracker(mlflow, name, log.child({ component: 'mlflow-tracker' }));
}

/**
 * Wires `deploy` / `rollback`: the Databricks secrets and serving clients, the MLflow
 * deployment records and the deploy OperationKind. Undefined when DATABRICKS_HOST is unset.
 * The Azure OpenAI key stays in configuration until the secret step stores it.
 */
export function createDeploy(
  config: Readonly<Config>,
  deps: {
    databricks: DatabricksConnection;
    mlflow: MlflowService | undefined;
    /** Read when a gate runs (prompting is built after the operation runner). */
    prompting: () => PromptingServices | undefined;
    audit: AuditRepository;
    /** Reads the provisioned account's key when AZURE_OPENAI_API_KEY is not set. */
    azure?: AzureProvisioner;
  },
): { deps: DeployKindDeps; services: DeployServices } | undefined {
  const http = databricksHttp(deps.databricks);
  if (!http) return undefined;
  const d = config.deploy;
  const serving = new DatabricksServing(http);
  const records = deps.mlflow
    ? new DeploymentRecords(
        deps.mlflow,
        defaultExperimentName(deps.mlflow, d.deployExperiment, 'llmops-bot-deployments'),
      )
    : undefined;
  const aoai = config.azureOpenAI;
  const azure = deps.azure;
  const kindDeps: DeployKindDeps = {
    secrets: new DatabricksSecrets(http),
    serving,
    records,
    apiKey: () => config.azureOpenAI.apiKey,
    accountKey: azure ? (rg, account) => azure.listAccountKey(rg, account) : undefined,
    secretScope: d.secretScope,
    secretKey: d.secretKey,
    environmentName: config.environmentName,
    pollIntervalMs: d.pollIntervalMs,
    timeoutMs: d.timeoutMs,
    audit: deps.audit,
    suiteGate: promptSuiteGate(deps.prompting),
  };
  return {
    deps: kindDeps,
    services: {
      serving,
      records,
      source: {
        apiBase: aoai.endpoint,
        deploymentName: aoai.deployment,
        apiVersion: aoai.apiVersion,
        modelName: d.modelName ?? aoai.deployment,
        modelVersion: d.modelVersion,
        hasKey: aoai.apiKey !== undefined,
      },
      defaultEndpoint: d.endpointName ?? config.llm.servingEndpoint ?? 'llmops-chat',
      temperature: d.defaultTemperature,
      inferenceTable: d.inferenceTable,
      secretScope: d.secretScope,
      secretKey: d.secretKey,
      requiredSuite: d.requiredSuite,
      canary: d.canary,
    },
  };
}
