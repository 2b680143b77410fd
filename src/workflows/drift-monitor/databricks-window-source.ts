import { countedWindow, type FeatureValueCount } from '../../drift/counted-window';
import { DriftInputError } from '../../drift/drift-input-error';
import {
  INFERENCE_FEATURES,
  type FeatureDefinition,
  type FeatureName,
  type FeatureWindow,
} from '../../drift/inference-features';
import type { TimeRange } from '../../drift/drift-windows';
import type { SqlParameter, SqlStatements } from '../../services/databricks/sql-statements';
import type { InferenceWindowSource } from './window-source';

/**
 * Each feature as a Databricks SQL expression over an AI Gateway inference table
 * (databricks-mlflow-api.md §3): `request`/`response` are raw JSON strings, parsed in SQL so
 * only the numbers and labels cross the network, never prompt text.
 */
export const FEATURE_SQL: Readonly<Record<FeatureName, string>> = {
  prompt_tokens: "CAST(get_json_object(response, '$.usage.prompt_tokens') AS DOUBLE)",
  completion_tokens: "CAST(get_json_object(response, '$.usage.completion_tokens') AS DOUBLE)",
  total_tokens: "CAST(get_json_object(response, '$.usage.total_tokens') AS DOUBLE)",
  latency_ms: 'CAST(execution_duration_ms AS DOUBLE)',
  prompt_chars: "CAST(length(get_json_object(request, '$.messages[*].content')) AS DOUBLE)",
  response_chars:
    "CAST(length(get_json_object(response, '$.choices[0].message.content')) AS DOUBLE)",
  finish_reason: "get_json_object(response, '$.choices[0].finish_reason')",
  model: "coalesce(get_json_object(response, '$.model'), served_entity_id)",
  status:
    "CASE WHEN status_code = 200 THEN 'ok' WHEN status_code = 429 THEN 'rate_limited' ELSE 'error' END",
  // Azure OpenAI filters an answer with finish_reason content_filter and refuses a prompt with a
  // 400 whose error code is content_filter: both are a filter hit.
  content_filter:
    "CASE WHEN get_json_object(response, '$.choices[0].finish_reason') = 'content_filter' OR (status_code = 400 AND get_json_object(response, '$.error.code') = 'content_filter') THEN 'yes' ELSE 'no' END",
};

const IDENT = /^[A-Za-z0-9_-]+$/;

/**
 * `catalog.schema.table`, with `{target}` replaced by the target name; each part checked and
 * back-quoted, because a table name cannot be a statement parameter.
 */
export function tableName(template: string, target: string): string {
  const parts = template.replace(/\{target\}/g, target.replace(/-/g, '_')).split('.');
  if (parts.length < 1 || parts.length > 3 || !parts.every((p) => IDENT.test(p))) {
    throw new DriftInputError(
      'bad-option',
      `"${template}" is not a table name like catalog.schema.table (letters, digits, _ and {target})`,
    );
  }
  return parts.map((p) => `\`${p}\``).join('.');
}

const WHERE =
  'request_time >= :from_ts AND request_time < :to_ts AND request_date BETWEEN to_date(:from_ts) AND to_date(:to_ts)';

/** The base step of each feature, as a SQL expression over `feature` (our constants only). */
function resolutionSql(features: readonly FeatureName[]): string {
  const steps = features.map((f) => {
    const def: FeatureDefinition = INFERENCE_FEATURES[f];
    return [f, def.resolution ?? 1] as const;
  });
  if (steps.every(([, r]) => r === 1)) return '1';
  return `CASE feature ${steps.map(([f, r]) => `WHEN '${f}' THEN ${r}`).join(' ')} ELSE 1 END`;
}

/**
 * Counts per (feature, value) of the WHOLE window, pushed into SQL: every numerical feature is
 * integer-valued (tokens, characters, ms), so the counts are the exact empirical distribution
 * that KS and Wasserstein need, with no row cap and no ORDER BY … LIMIT prefix. A feature with
 * more than `:max_distinct` values in the window is rounded down to its resolution × 10^k (the
 * smallest k that brings the spread under the cap) and `bin_width` says so. Spark SQL only
 * (stack, log10, power, floor), so the statement runs unchanged on open-source Spark. The
 * distinct count is a window over `exact`, not a second CTE reading it: Spark inlines a CTE
 * into each use, and a second use scanned (and JSON-parsed) the whole window twice.
 */
export function numericalStatement(
  table: string,
  features: readonly FeatureName[],
  filter = '',
): string {
  const pairs = features.map((f) => `'${f}', ${FEATURE_SQL[f]}`).join(',\n    ');
  return `WITH v AS (
  SELECT stack(${features.length},\n    ${pairs}) AS (feature, value)
  FROM ${table}
  WHERE ${WHERE}${filter}
),
exact AS (SELECT feature, value, COUNT(*) AS n FROM v GROUP BY feature, value),
widths AS (
  SELECT feature, value, n,
    CASE WHEN COUNT(value) OVER (PARTITION BY feature) > :max_distinct
      THEN ${resolutionSql(features)} * power(10, ceil(log10(COUNT(value) OVER (PARTITION BY feature) / :max_distinct)))
      ELSE 0 END AS bin_width
  FROM exact
)
SELECT feature, value, SUM(n) AS n, bin_width FROM (
  SELECT feature,
    CASE WHEN bin_width > 0 THEN floor(value / bin_width) * bin_width ELSE value END AS value,
    n, bin_width
  FROM widths
) binned
GROUP BY feature, value, bin_width`;
}

/**
 * Counts per category, pushed into SQL: chi-square, Z and Jensen-Shannon need only the
 * frequency table, so the whole window is counted. `filter` (both statements): an extra
 * ` AND …` predicate made of the caller's constants and statement parameters (a canary's entity).
 */
export function categoricalStatement(
  table: string,
  features: readonly FeatureName[],
  filter = '',
): string {
  const pairs = features.map((f) => `'${f}', ${FEATURE_SQL[f]}`).join(', ');
  return `SELECT feature, value, COUNT(*) AS n FROM (\n  SELECT stack(${features.length}, ${pairs}) AS (feature, value)\n  FROM ${table}\n  WHERE ${WHERE}${filter}\n) v GROUP BY feature, value`;
}

/** An extra ` AND …` predicate (our constants only) and the parameters it names. */
export interface RowFilter {
  readonly sql: string;
  readonly parameters: readonly SqlParameter[];
}

export interface DatabricksWindowSourceOptions {
  sql: SqlStatements;
  warehouseId: string;
  /** `catalog.schema.{target}_payload` or a fixed table name. */
  tableTemplate: string;
}

/** Reads windows from a Databricks inference table through the SQL Statement Execution API. */
export class DatabricksWindowSource implements InferenceWindowSource {
  readonly name: string;

  constructor(private readonly o: DatabricksWindowSourceOptions) {
    this.name = o.tableTemplate;
  }

  load(
    target: string,
    range: TimeRange,
    features: readonly FeatureName[],
    maxDistinct: number,
  ): Promise<FeatureWindow> {
    return this.loadWhere(target, range, features, maxDistinct);
  }

  /** `load` restricted by `filter` (an ` AND …` predicate and its parameters), e.g. one entity. */
  async loadWhere(
    target: string,
    range: TimeRange,
    features: readonly FeatureName[],
    maxDistinct: number,
    filter: RowFilter = { sql: '', parameters: [] },
  ): Promise<FeatureWindow> {
    const table = tableName(this.o.tableTemplate, target);
    const parameters: SqlParameter[] = [
      { name: 'from_ts', value: new Date(range.from).toISOString(), type: 'TIMESTAMP' },
      { name: 'to_ts', value: new Date(range.to).toISOString(), type: 'TIMESTAMP' },
      ...filter.parameters,
    ];
    const numerical = features.filter((f) => INFERENCE_FEATURES[f].type === 'numerical');
    const categorical = features.filter((f) => INFERENCE_FEATURES[f].type === 'categorical');
    const groups: FeatureValueCount[] = [];
    if (numerical.length > 0) {
      const res = await this.o.sql.execute({
        warehouseId: this.o.warehouseId,
        statement: numericalStatement(table, numerical, filter.sql),
        parameters: [
          ...parameters,
          { name: 'max_distinct', value: String(Math.floor(maxDistinct)), type: 'INT' },
        ],
      });
      for (const [feature, value, n, width] of res.rows) {
        groups.push({
          feature: feature ?? '',
          value: value ?? null,
          n: Number(n ?? 0),
          binWidth: Number(width ?? 0),
        });
      }
    }
    if (categorical.length > 0) {
      const res = await this.o.sql.execute({
        warehouseId: this.o.warehouseId,
        statement: categoricalStatement(table, categorical, filter.sql),
        parameters,
      });
      for (const [feature, value, n] of res.rows) {
        groups.push({ feature: feature ?? '', value: value ?? null, n: Number(n ?? 0) });
      }
    }
    return countedWindow(groups, features);
  }
}
