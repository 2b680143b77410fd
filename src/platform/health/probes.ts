import path from 'node:path';
import type { TokenCredential } from '@azure/identity';
import { DATABRICKS_ENTRA_SCOPE } from '../../services/databricks/databricks-auth';
import { HttpClient, type HttpClientOptions } from '../../services/http/http-client';
import type { HttpObserver } from '../../services/http/http-observer';
import type { Store } from '../store/store';
import type { UserMessage } from '../../services/errors';
import { displayTarget, type Probe } from './health-service';

const ARM_SCOPE = 'https://management.azure.com/.default';

type Str = string | undefined;

/** Where each dependency is and how to sign in; the composition root maps config to it. */
export interface ProbeTargets {
  readonly dataDir: string;
  readonly azure: { readonly subscriptionId: Str; readonly armEndpoint: string };
  readonly databricks: { readonly host: Str; readonly token: Str };
  readonly mlflow: {
    readonly trackingUri: Str;
    readonly token: Str;
    readonly username: Str;
    readonly password: Str;
  };
  readonly azureOpenAI: {
    readonly endpoint: Str;
    readonly apiKey: Str;
    readonly deployment: Str;
    readonly apiVersion: string;
  };
  readonly openAI: { readonly baseUrl: Str; readonly apiKey: Str };
  /** Which model the serving endpoint and OpenAI-compatible targets use. */
  readonly llm: { readonly servingEndpoint: Str; readonly openAIModel: Str };
}

export interface ProbeDeps {
  targets: ProbeTargets;
  store: Pick<Store, 'location' | 'status'>;
  /** DefaultAzureCredential in production; built only when Azure is configured. */
  azureCredential: () => TokenCredential;
  timeoutMs: number;
  /** Telemetry: each probe call a child span of the `status` turn. */
  observer?: HttpObserver | undefined;
}

const bearer = async (cred: TokenCredential, scope: string) => {
  const token = await cred.getToken(scope);
  if (!token) throw new Error('no token');
  return { authorization: `Bearer ${token.token}` };
};

/** The dependencies `status` reports on, in the order users think of them. */
export function createProbes({
  targets,
  store: db,
  azureCredential,
  timeoutMs,
  observer,
}: ProbeDeps): Probe[] {
  /** `label`: the service as telemetry names it (arm, databricks, mlflow, llm). */
  const http = (
    service: string,
    label: string,
    baseUrl: string,
    auth?: HttpClientOptions['auth'],
  ) =>
    new HttpClient({
      service,
      baseUrl,
      timeoutMs,
      maxRetries: 0,
      ...(auth ? { auth } : {}),
      ...(observer ? { observer, observedAs: label } : {}),
    });

  const store: Probe = {
    name: 'Store',
    label: { key: 'statusDetail.name.store' },
    kind: 'store',
    target: db.location,
    // SQLite's file path (PostgreSQL's location is host/database).
    serverPath: path.isAbsolute(db.location),
    configured: true,
    check: () => db.status(),
  };

  const subscription = targets.azure.subscriptionId;
  const azure: Probe = {
    name: 'Azure',
    kind: 'azure',
    target: displayTarget(targets.azure.armEndpoint),
    configured: subscription !== undefined,
    check: async (): Promise<string | UserMessage> => {
      const client = http('Azure Resource Manager', 'arm', targets.azure.armEndpoint, () =>
        bearer(azureCredential(), ARM_SCOPE),
      );
      const sub = await client.get<{ displayName?: string; state?: string }>(
        `subscriptions/${encodeURIComponent(subscription ?? '')}`,
        { 'api-version': '2022-12-01' },
      );
      const state = sub.state ? ` (${sub.state})` : '';
      return sub.displayName
        ? { key: 'probes.subscription', vars: { name: sub.displayName, state } }
        : { key: 'probes.subscriptionFound', vars: { state } };
    },
  };

  const dbx = targets.databricks;
  const databricks: Probe = {
    name: 'Databricks',
    kind: 'databricks',
    target: displayTarget(dbx.host),
    configured: dbx.host !== undefined,
    check: async (): Promise<string | UserMessage> => {
      const auth = dbx.token
        ? () => ({ authorization: `Bearer ${dbx.token ?? ''}` })
        : () => bearer(azureCredential(), DATABRICKS_ENTRA_SCOPE);
      const client = http('Databricks', 'databricks', dbx.host ?? '', auth);
      const me = await client.get<{ userName?: string }>('api/2.0/preview/scim/v2/Me');
      return me.userName
        ? { key: 'probes.signedInAs', vars: { user: me.userName } }
        : { key: 'probes.signedIn' };
    },
  };

  const ml = targets.mlflow;
  // Like createMlflowService: without MLFLOW_TRACKING_URI, MLflow is the workspace's own.
  const onWorkspace = ml.trackingUri === undefined && dbx.host !== undefined;
  const mlflowBase = ml.trackingUri ?? dbx.host;
  const mlflow: Probe = {
    name: 'MLflow',
    kind: 'mlflow',
    target: displayTarget(mlflowBase),
    ...(onWorkspace ? { targetNote: { key: 'statusDetail.target.workspace' } } : {}),
    configured: mlflowBase !== undefined,
    check: async (): Promise<string | UserMessage> => {
      const auth = async (): Promise<Record<string, string>> => {
        if (onWorkspace) {
          return dbx.token
            ? { authorization: `Bearer ${dbx.token}` }
            : bearer(azureCredential(), DATABRICKS_ENTRA_SCOPE);
        }
        if (ml.token) return { authorization: `Bearer ${ml.token}` };
        if (ml.username && ml.password) {
          const basic = Buffer.from(`${ml.username}:${ml.password}`).toString('base64');
          return { authorization: `Basic ${basic}` };
        }
        return {};
      };
      const client = http('MLflow', 'mlflow', mlflowBase ?? '', auth);
      const res = await client.get<{ experiments?: unknown[] }>(
        'api/2.0/mlflow/experiments/search',
        { max_results: 1 },
      );
      return { key: res.experiments?.length ? 'probes.hasExperiments' : 'probes.noExperiments' };
    },
  };

  const aoai = targets.azureOpenAI;
  const oai = targets.openAI;
  const serving = targets.llm.servingEndpoint;
  // One row per model target: each answers (or not) on its own, and a failing one must not hide
  // a working one.
  const models: Probe[] = [];
  if (aoai.endpoint) {
    models.push({
      name: 'Model: azure',
      label: { key: 'statusDetail.name.modelOf', vars: { target: 'azure' } },
      kind: 'model',
      target: `${displayTarget(aoai.endpoint)} (Azure OpenAI${aoai.deployment ? `, ${aoai.deployment}` : ''})`,
      configured: true,
      check: async (): Promise<string | UserMessage> => {
        const client = http('Azure OpenAI', 'llm', aoai.endpoint ?? '', () =>
          aoai.apiKey
            ? { 'api-key': aoai.apiKey }
            : bearer(azureCredential(), 'https://cognitiveservices.azure.com/.default'),
        );
        const res = await client.get<{ data?: unknown[] }>('openai/models', {
          'api-version': aoai.apiVersion,
        });
        return { key: 'probes.modelsVisible', vars: { count: res.data?.length ?? 0 } };
      },
    });
  }
  if (dbx.host && serving) {
    models.push({
      name: 'Model: databricks',
      label: { key: 'statusDetail.name.modelOf', vars: { target: 'databricks' } },
      kind: 'model',
      target: `${displayTarget(dbx.host)} (Model Serving, ${serving})`,
      configured: true,
      check: async (): Promise<string | UserMessage> => {
        const client = http('Databricks', 'llm', dbx.host ?? '', () =>
          dbx.token
            ? { authorization: `Bearer ${dbx.token}` }
            : bearer(azureCredential(), DATABRICKS_ENTRA_SCOPE),
        );
        const res = await client.get<{ state?: { ready?: string } }>(
          `api/2.0/serving-endpoints/${encodeURIComponent(serving)}`,
        );
        return res.state?.ready
          ? { key: 'probes.endpointState', vars: { state: res.state.ready } }
          : { key: 'probes.endpointFound' };
      },
    });
  }
  if (oai.baseUrl) {
    models.push({
      name: 'Model: openai',
      label: { key: 'statusDetail.name.modelOf', vars: { target: 'openai' } },
      kind: 'model',
      target: displayTarget(oai.baseUrl),
      targetNote: targets.llm.openAIModel
        ? {
            key: 'statusDetail.target.openAICompatibleModel',
            vars: { model: targets.llm.openAIModel },
          }
        : { key: 'statusDetail.target.openAICompatible' },
      configured: true,
      check: async (): Promise<string | UserMessage> => {
        const client = http(
          'Model endpoint',
          'llm',
          oai.baseUrl ?? '',
          (): Record<string, string> =>
            oai.apiKey ? { authorization: `Bearer ${oai.apiKey}` } : {},
        );
        const res = await client.get<{ data?: unknown[] }>('models');
        return { key: 'probes.modelsVisible', vars: { count: res.data?.length ?? 0 } };
      },
    });
  }
  if (models.length === 0) {
    models.push({
      name: 'Model',
      label: { key: 'statusDetail.name.model' },
      kind: 'model',
      target: 'not configured',
      configured: false,
      check: () => Promise.resolve(''),
    });
  }

  return [store, azure, databricks, mlflow, ...models];
}
