import { ServiceError } from '../errors';
import type { HttpClient } from '../http/http-client';
import { secretReference } from './secrets';
import {
  entityNameFor,
  entityWire,
  routesFrom,
  splitProblem,
  trafficConfigWire,
  type SplitSpec,
  type TrafficRoute,
} from './serving-traffic';

export { entityNameFor } from './serving-traffic';

/**
 * What one deployment puts on a Model Serving endpoint: the Azure OpenAI deployment as an
 * external chat model, the key as a secret reference, AI Gateway usage tracking and, when a
 * Unity Catalog location is configured, an inference table (reference §3).
 */
export interface EndpointSpec {
  name: string;
  /** The external model's name (e.g. gpt-4o-mini); also names the served entity. */
  modelName: string;
  apiBase: string;
  deploymentName: string;
  apiVersion: string;
  secretScope: string;
  secretKey: string;
  inferenceTable?: { catalog: string; schema: string } | undefined;
}

/** The served external model as read back from the endpoint (no key, only its reference). */
export interface ServedExternalModel {
  entityName: string;
  modelName: string;
  apiBase: string;
  deploymentName: string;
  apiVersion: string;
  keyReference: string;
  deploymentState: string | undefined;
  deploymentMessage: string | undefined;
}

/** An endpoint as the bot needs it; `config` is the raw wire config for MLflow artifacts. */
export interface ServingEndpoint {
  name: string;
  ready: string;
  configUpdate: string;
  configVersion: number | undefined;
  pendingConfigVersion: number | undefined;
  served: ServedExternalModel[];
  pendingServed: ServedExternalModel[];
  /** The live `traffic_config` routes (empty when Databricks sends none). */
  routes: TrafficRoute[];
  pendingRoutes: TrafficRoute[];
  /** `last_updated_timestamp`: when the endpoint last changed (epoch ms). */
  updatedAt: number | undefined;
  usageTracking: boolean;
  inferenceTable: string | undefined;
}

/** Where an endpoint stands after a change: still updating, READY, or failed with the reason. */
export type Readiness =
  | { phase: 'updating'; note: string }
  | { phase: 'ready'; configVersion: number | undefined }
  | { phase: 'failed'; message: string };

export interface ServingService {
  get(name: string): Promise<ServingEndpoint | undefined>;
  create(spec: EndpointSpec): Promise<ServingEndpoint>;
  /** Replaces the served entities; a conflict (update IN_PROGRESS) is a ServiceError 'conflict'. */
  updateConfig(spec: EndpointSpec): Promise<ServingEndpoint>;
  /**
   * Replaces the served entities with several and splits traffic between them (a canary);
   * routes Databricks would refuse fail here first, as a ServiceError 'bad-request'.
   */
  updateSplit(spec: SplitSpec): Promise<ServingEndpoint>;
  /** Usage tracking on; inference table per spec. */
  putAiGateway(spec: EndpointSpec): Promise<void>;
  delete(name: string): Promise<void>;
}

type Wire = Record<string, unknown>;
const obj = (v: unknown): Wire => (v && typeof v === 'object' ? (v as Wire) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined =>
  typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : undefined;

/** The `served_entities` wire value for a spec. */
export function servedEntitiesWire(spec: EndpointSpec): Wire[] {
  return [entityWire({ ...spec, entityName: entityNameFor(spec.modelName) })];
}

/** The `ai_gateway` wire value: usage tracking always, inference table when configured. */
export function aiGatewayWire(spec: EndpointSpec): Wire {
  return {
    usage_tracking_config: { enabled: true },
    ...(spec.inferenceTable
      ? {
          inference_table_config: {
            enabled: true,
            catalog_name: spec.inferenceTable.catalog,
            schema_name: spec.inferenceTable.schema,
            table_name_prefix: spec.name.replace(/-/g, '_'),
          },
        }
      : {}),
  };
}

function servedFrom(list: unknown): ServedExternalModel[] {
  return (Array.isArray(list) ? list : []).map((e) => {
    const entity = obj(e);
    const ext = obj(entity.external_model);
    const oc = obj(ext.openai_config);
    const state = obj(entity.state);
    return {
      entityName: str(entity.name) ?? '',
      modelName: str(ext.name) ?? '',
      apiBase: str(oc.openai_api_base) ?? '',
      deploymentName: str(oc.openai_deployment_name) ?? '',
      apiVersion: str(oc.openai_api_version) ?? '',
      keyReference: str(oc.openai_api_key) ?? '',
      deploymentState: str(state.deployment),
      deploymentMessage: str(state.deployment_state_message),
    };
  });
}

/** Wire → domain; tolerant of missing fields. */
export function endpointFrom(w: Wire): ServingEndpoint {
  const state = obj(w.state);
  const config = obj(w.config);
  const pending = obj(w.pending_config);
  const gateway = obj(w.ai_gateway);
  const table = obj(gateway.inference_table_config);
  return {
    name: str(w.name) ?? '',
    ready: str(state.ready) ?? 'NOT_READY',
    configUpdate: str(state.config_update) ?? 'NOT_UPDATING',
    configVersion: num(config.config_version),
    pendingConfigVersion: num(pending.config_version),
    served: servedFrom(config.served_entities),
    pendingServed: servedFrom(pending.served_entities),
    routes: routesFrom(config.traffic_config),
    pendingRoutes: routesFrom(pending.traffic_config),
    updatedAt: num(w.last_updated_timestamp),
    usageTracking: obj(gateway.usage_tracking_config).enabled === true,
    inferenceTable:
      table.enabled === true ? `${str(table.catalog_name)}.${str(table.schema_name)}` : undefined,
  };
}

/**
 * READY once `config_update` is NOT_UPDATING and `ready` is READY; UPDATE_FAILED or
 * UPDATE_CANCELED fail with the entity's deployment message.
 */
export function readiness(e: ServingEndpoint): Readiness {
  if (e.configUpdate === 'IN_PROGRESS') {
    const entity = e.pendingServed[0] ?? e.served[0];
    const detail = entity?.deploymentState ? ` (${entity.deploymentState})` : '';
    const version = e.pendingConfigVersion ?? e.configVersion;
    return {
      phase: 'updating',
      note: `config ${version !== undefined ? `v${version} ` : ''}updating${detail}`,
    };
  }
  if (e.configUpdate === 'UPDATE_FAILED' || e.configUpdate === 'UPDATE_CANCELED') {
    const entity = [...e.pendingServed, ...e.served].find((s) => s.deploymentMessage);
    return {
      phase: 'failed',
      message: `${e.configUpdate}: ${entity?.deploymentMessage ?? 'Databricks gave no deployment message.'}`,
    };
  }
  if (e.ready === 'READY') return { phase: 'ready', configVersion: e.configVersion };
  const entity = e.served.find((s) => s.deploymentMessage);
  return { phase: 'failed', message: `NOT_READY: ${entity?.deploymentMessage ?? 'no message'}` };
}

/** True when the served external model matches what the spec asks for. */
export function servesSpec(list: readonly ServedExternalModel[], spec: EndpointSpec): boolean {
  const s = list[0];
  return (
    list.length === 1 &&
    s !== undefined &&
    s.modelName === spec.modelName &&
    s.apiBase === spec.apiBase &&
    s.deploymentName === spec.deploymentName &&
    s.apiVersion === spec.apiVersion &&
    s.keyReference === secretReference(spec.secretScope, spec.secretKey)
  );
}

/** ServingService over `/api/2.0/serving-endpoints` through the shared Databricks HttpClient. */
export class DatabricksServing implements ServingService {
  constructor(private readonly http: HttpClient) {}

  async get(name: string): Promise<ServingEndpoint | undefined> {
    try {
      return endpointFrom(obj(await this.http.get(`api/2.0/serving-endpoints/${enc(name)}`)));
    } catch (err) {
      if (err instanceof ServiceError && err.reason === 'not-found') return undefined;
      throw err;
    }
  }

  /** Not retried: a repeat after a lost answer fails as "already exists", not as the 503. */
  async create(spec: EndpointSpec): Promise<ServingEndpoint> {
    const res = await this.http.post('api/2.0/serving-endpoints', {
      name: spec.name,
      config: { served_entities: servedEntitiesWire(spec) },
      ai_gateway: aiGatewayWire(spec),
      tags: [{ key: 'managed-by', value: 'llmops-bot' }],
    });
    return endpointFrom(obj(res));
  }

  async updateConfig(spec: EndpointSpec): Promise<ServingEndpoint> {
    try {
      const res = await this.http.request<Wire>({
        method: 'PUT',
        path: `api/2.0/serving-endpoints/${enc(spec.name)}/config`,
        body: { served_entities: servedEntitiesWire(spec) },
      });
      return endpointFrom(obj(res.body));
    } catch (err) {
      throw inProgressConflict(err, spec.name);
    }
  }

  async updateSplit(spec: SplitSpec): Promise<ServingEndpoint> {
    const problem = splitProblem(spec);
    if (problem) throw new ServiceError('Databricks', 'bad-request', problem);
    try {
      const res = await this.http.request<Wire>({
        method: 'PUT',
        path: `api/2.0/serving-endpoints/${enc(spec.name)}/config`,
        body: {
          served_entities: spec.entities.map(entityWire),
          traffic_config: trafficConfigWire(spec.routes),
        },
      });
      return endpointFrom(obj(res.body));
    } catch (err) {
      throw inProgressConflict(err, spec.name);
    }
  }

  async putAiGateway(spec: EndpointSpec): Promise<void> {
    try {
      await this.http.request({
        method: 'PUT',
        path: `api/2.0/serving-endpoints/${enc(spec.name)}/ai-gateway`,
        body: aiGatewayWire(spec),
      });
    } catch (err) {
      throw inProgressConflict(err, spec.name);
    }
  }

  async delete(name: string): Promise<void> {
    await this.http.request({ method: 'DELETE', path: `api/2.0/serving-endpoints/${enc(name)}` });
  }
}

const enc = encodeURIComponent;

/** Databricks rejects a change while another is IN_PROGRESS (409, or 400 on some paths). */
function inProgressConflict(err: unknown, name: string): unknown {
  if (!(err instanceof ServiceError)) return err;
  const code = err.details.code ?? '';
  const conflict =
    err.reason === 'conflict' ||
    code === 'RESOURCE_CONFLICT' ||
    (err.reason === 'bad-request' && /in progress|IN_PROGRESS/i.test(err.message));
  if (!conflict) return err;
  return new ServiceError(
    err.service,
    'conflict',
    `Endpoint ${name} is already being updated; wait until its update finishes.`,
    { ...(err.details.status !== undefined ? { status: err.details.status } : {}), code },
  );
}
