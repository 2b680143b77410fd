import type { FeatureName, FeatureWindow } from '../../drift/inference-features';
import type { TimeRange } from '../../drift/drift-windows';
import {
  tableName,
  type DatabricksWindowSource,
  type RowFilter,
} from '../drift-monitor/databricks-window-source';

/**
 * Where the bot turns a served entity's NAME (what `traffic_config` routes to and what the bot
 * shows) into the `served_entity_id`s of its inference rows. Databricks logs only the id; the
 * system table keeps one row per entity per endpoint config, so an entity re-created by a later
 * config has several ids and all of them count. Configurable (CANARY_SERVED_ENTITIES_TABLE)
 * because the bot's principal may read a copy instead, and open-source Spark has no `system`.
 */
export const DEFAULT_SERVED_ENTITIES_TABLE = 'system.serving.served_entities';

/** What a canary evaluation reads from the inference table, per entity. */
export const CANARY_FEATURES: readonly FeatureName[] = [
  'latency_ms',
  'prompt_tokens',
  'completion_tokens',
  'total_tokens',
  'finish_reason',
  'status',
  'content_filter',
];

/** Rows of one served entity of `endpoint`, by name, through the served-entities table. */
export function entityFilter(entitiesTable: string, endpoint: string, entity: string): RowFilter {
  return {
    sql: ` AND served_entity_id IN (SELECT served_entity_id FROM ${tableName(entitiesTable, endpoint)} WHERE endpoint_name = :endpoint AND served_entity_name = :entity)`,
    parameters: [
      { name: 'endpoint', value: endpoint, type: 'STRING' },
      { name: 'entity', value: entity, type: 'STRING' },
    ],
  };
}

export interface EntityWindowsRequest {
  endpoint: string;
  /** Served entity names. */
  current: string;
  candidate: string;
  /** The same window for both: the canary's traffic since it started. */
  range: TimeRange;
  entitiesTable?: string;
  maxDistinct: number;
  features?: readonly FeatureName[];
}

/** Both entities' counted windows over the same time range, from the endpoint's table. */
export async function loadEntityWindows(
  source: DatabricksWindowSource,
  r: EntityWindowsRequest,
): Promise<{ current: FeatureWindow; candidate: FeatureWindow }> {
  const table = r.entitiesTable ?? DEFAULT_SERVED_ENTITIES_TABLE;
  const features = r.features ?? CANARY_FEATURES;
  const load = (entity: string) =>
    source.loadWhere(
      r.endpoint,
      r.range,
      features,
      r.maxDistinct,
      entityFilter(table, r.endpoint, entity),
    );
  // One after the other: a SQL warehouse queues concurrent statements anyway.
  const current = await load(r.current);
  const candidate = await load(r.candidate);
  return { current, candidate };
}
