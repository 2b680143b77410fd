import type { TokenCredential } from '@azure/identity';
import type { Config } from '../../config';
import { DATABRICKS_ENTRA_SCOPE } from '../../platform/health/probes';
import { HttpMlflowService, type MlflowAuth } from './http-mlflow-service';
import type { MlflowService } from './mlflow-service';
import type { MlflowSettings } from './mlflow-settings';

/**
 * Picks the tracking server from configuration: MLFLOW_TRACKING_URI (open-source, or a
 * Databricks host) wins; otherwise DATABRICKS_HOST, whose MLflow lives on the workspace host.
 * Returns undefined when neither is set, so MLflow commands can say so.
 */
export function createMlflowService(
  config: Readonly<Config>,
  azureCredential: () => TokenCredential,
): MlflowService | undefined {
  const ml = config.mlflow;
  const dbx = config.databricks;
  const common = {
    timeoutMs: config.httpTimeoutMs,
    ...(ml.uiUrl ? { uiBaseUrl: ml.uiUrl } : {}),
  };
  if (ml.trackingUri) {
    const auth: MlflowAuth = ml.token
      ? { kind: 'bearer', token: ml.token }
      : ml.username && ml.password
        ? { kind: 'basic', username: ml.username, password: ml.password }
        : { kind: 'none' };
    return new HttpMlflowService({ baseUrl: ml.trackingUri, auth, ...common });
  }
  if (dbx.host) {
    const auth: MlflowAuth = dbx.token
      ? { kind: 'bearer', token: dbx.token }
      : {
          kind: 'headers',
          get: async () => {
            const token = await azureCredential().getToken(DATABRICKS_ENTRA_SCOPE);
            if (!token) throw new Error('no Entra token for Azure Databricks');
            return { authorization: `Bearer ${token.token}` };
          },
        };
    return new HttpMlflowService({ baseUrl: dbx.host, flavor: 'databricks', auth, ...common });
  }
  return undefined;
}

/** The run-card choices from configuration. */
export function mlflowSettingsFrom(config: Readonly<Config>): MlflowSettings {
  return {
    defaultExperiment: config.mlflow.defaultExperiment,
    keyMetrics: config.mlflow.keyMetrics,
    metricDirections: config.mlflow.metricDirections,
  };
}
