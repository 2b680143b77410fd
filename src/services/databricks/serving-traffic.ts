import { secretReference } from './secrets';

/**
 * Several served entities on one endpoint and the `traffic_config` that splits requests between
 * them (databricks-mlflow-api.md §3). A canary is two entities: the current one and a candidate
 * whose name ends in CANARY_SUFFIX, so the split can be read back from the endpoint alone.
 */

type Wire = Record<string, unknown>;

/** One route of `traffic_config`: an entity and its integer share of requests. */
export interface TrafficRoute {
  entityName: string;
  percent: number;
}

/** One external-model entity (Azure OpenAI deployment) with its explicit name. */
export interface ServedEntitySpec {
  entityName: string;
  modelName: string;
  apiBase: string;
  deploymentName: string;
  apiVersion: string;
  secretScope: string;
  secretKey: string;
}

/** The whole served config of a split endpoint: every entity plus the routes (summing to 100). */
export interface SplitSpec {
  name: string;
  entities: ServedEntitySpec[];
  routes: TrafficRoute[];
}

/** The candidate entity's name marks it; Databricks keeps entity names as given. */
export const CANARY_SUFFIX = '-canary';

/** Served-entity names: the model name with `.`/`:` replaced, as Databricks derives them. */
export const entityNameFor = (modelName: string): string => modelName.replace(/[.:]/g, '-');

/** The candidate's entity name for a model (different from the current one's, even for one model). */
export const candidateEntityName = (modelName: string): string =>
  `${entityNameFor(modelName)}${CANARY_SUFFIX}`;

export const isCandidateEntity = (entityName: string): boolean =>
  entityName.endsWith(CANARY_SUFFIX);

/** The `served_entities` wire value of one external-model entity. */
export function entityWire(e: ServedEntitySpec): Wire {
  return {
    name: e.entityName,
    external_model: {
      name: e.modelName,
      provider: 'openai',
      task: 'llm/v1/chat',
      openai_config: {
        openai_api_type: 'azure',
        openai_api_base: e.apiBase,
        openai_api_version: e.apiVersion,
        openai_deployment_name: e.deploymentName,
        openai_api_key: secretReference(e.secretScope, e.secretKey),
      },
    },
  };
}

export function trafficConfigWire(routes: readonly TrafficRoute[]): Wire {
  return {
    routes: routes.map((r) => ({
      served_entity_name: r.entityName,
      traffic_percentage: r.percent,
    })),
  };
}

/** `config.traffic_config` → routes; tolerant of a missing or odd value (then no routes). */
export function routesFrom(trafficConfig: unknown): TrafficRoute[] {
  const routes = (trafficConfig as { routes?: unknown } | undefined)?.routes;
  if (!Array.isArray(routes)) return [];
  return routes.map((r: Wire) => ({
    entityName: typeof r.served_entity_name === 'string' ? r.served_entity_name : '',
    percent: typeof r.traffic_percentage === 'number' ? r.traffic_percentage : 0,
  }));
}

/**
 * Why Databricks would refuse these routes, checked before the call so the user reads one
 * clear sentence: every route names an entity of the spec, shares are integers 0–100 and sum to 100.
 */
export function splitProblem(spec: SplitSpec): string | undefined {
  const names = new Set(spec.entities.map((e) => e.entityName));
  if (names.size !== spec.entities.length) return 'Served entity names must be unique.';
  for (const r of spec.routes) {
    if (!names.has(r.entityName)) return `The route names ${r.entityName}, which is not served.`;
    if (!Number.isInteger(r.percent) || r.percent < 0 || r.percent > 100) {
      return `The share of ${r.entityName} must be a whole number from 0 to 100.`;
    }
  }
  const sum = spec.routes.reduce((n, r) => n + r.percent, 0);
  return sum === 100 ? undefined : `The traffic shares add up to ${sum} %, not 100 %.`;
}

/** Current 100 − p %, candidate p %: the canary split's routes. */
export function canaryRoutes(
  current: string,
  candidate: string,
  candidatePercent: number,
): TrafficRoute[] {
  return [
    { entityName: current, percent: 100 - candidatePercent },
    { entityName: candidate, percent: candidatePercent },
  ];
}
