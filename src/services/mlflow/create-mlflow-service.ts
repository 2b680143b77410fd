import type { TokenCredential } from '@azure/identity';
import { DATABRICKS_ENTRA_SCOPE } from '../databricks/databricks-auth';
import type { HttpObserver } from '../http/http-observer';
import { HttpMlflowService } from './http-mlflow-service';
import { type MlflowAuth } from './mlflow-auth';
import type { MlflowService } from './mlflow-service';

/** Where the tracking server is and how to sign in; the composition root maps config to it. */
export interface MlflowConnection {
  /** An open-source server or a Databricks host; wins over `workspace`. */
  readonly trackingUri: string | undefined;
  readonly token: string | undefined;
  readonly username: string | undefined;
  readonly password: string | undefined;
  /** Base URL of run links, when the UI lives elsewhere than the API. */
  readonly uiUrl: string | undefined;
  /** The Databricks workspace whose MLflow is used when there is no tracking URI. */
  readonly workspace: { readonly host: string | undefined; readonly token: string | undefined };
  readonly timeoutMs: number;
}

/**
 * Picks the tracking server: the tracking URI (open-source, or a Databricks host) wins;
 * otherwise the Databricks workspace, whose MLflow lives on the workspace host.
 * Returns undefined when neither is set, so MLflow commands can say so.
 */
export function createMlflowService(
  ml: MlflowConnection,
  azureCredential: () => TokenCredential,
  observer?: HttpObserver,
): MlflowService | undefined {
  const dbx = ml.workspace;
  const common = {
    timeoutMs: ml.timeoutMs,
    ...(observer ? { observer } : {}),
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
