import type { ServingService } from '../../services/databricks/serving';
import type { DeploymentRecords } from './deployment-records';

/** The Azure OpenAI deployment `deploy` serves, from configuration; never the key itself. */
export interface DeploySource {
  apiBase: string | undefined;
  deploymentName: string | undefined;
  apiVersion: string;
  modelName: string | undefined;
  modelVersion: string | undefined;
  hasKey: boolean;
}

/**
 * What the `deploy` and `rollback` dialogs use to plan: the endpoint as it is, the MLflow
 * history, and the configured defaults. Execution lives in the deploy OperationKind.
 */
export interface DeployServices {
  readonly serving: ServingService;
  /** Undefined without MLflow: deploy still works, rollback cannot. */
  readonly records: DeploymentRecords | undefined;
  readonly source: DeploySource;
  readonly defaultEndpoint: string;
  readonly temperature: number;
  readonly inferenceTable: { catalog: string; schema: string } | undefined;
  readonly secretScope: string;
  readonly secretKey: string;
  readonly requiredSuite: string | undefined;
  /** What decides a canary (CANARY_SUITE, CANARY_WINDOW_MINUTES). */
  readonly canary: { readonly suite: string | undefined; readonly windowMinutes: number };
}
