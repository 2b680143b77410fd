import { DriftInputError } from '../../drift/drift-input-error';
import {
  INFERENCE_FEATURES,
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
  content_filter:
    "CASE WHEN get_json_object(response, '$.choices[0].finish_reason') = 'content_filter' THEN 'yes' ELSE 'no' END",
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

/** Raw values: KS and Wasserstein need the whole empirical distribution, so only bounded. */
export function numericalStatement(
  table: string,
  features: readonly FeatureName[],
  maxRows: number,
): string {
  const cols = features.map((f) => `${FEATURE_SQL[f]} AS ${f}`).join(',\n  ');
  return `SELECT\n  ${cols}\nFROM ${table}\nWHERE ${WHERE}\nORDER BY request_time\nLIMIT ${Math.floor(maxRows)}`;
}

/**
 * Counts per category, pushed into SQL: chi-square, Z and Jensen-Shannon need only the
 * frequency table, so the whole window is counted, not just the bounded sample.
 */
export function categoricalStatement(table: string, features: readonly FeatureName[]): string {
  const pairs = features.map((f) => `'${f}', ${FEATURE_SQL[f]}`).join(', ');
  return `SELECT feature, value, COUNT(*) AS n FROM (\n  SELECT stack(${features.length}, ${pairs}) AS (feature, value)\n  FROM ${table}\n  WHERE ${WHERE}\n) GROUP BY feature, value`;
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

  async load(
    target: string,
    range: TimeRange,
    features: readonly FeatureName[],
    maxRows: number,
  ): Promise<FeatureWindow> {
    const table = tableName(this.o.tableTemplate, target);
    const parameters: SqlParameter[] = [
      { name: 'from_ts', value: new Date(range.from).toISOString(), type: 'TIMESTAMP' },
      { name: 'to_ts', value: new Date(range.to).toISOString(), type: 'TIMESTAMP' },
    ];
    const numerical = features.filter((f) => INFERENCE_FEATURES[f].type === 'numerical');
    const categorical = features.filter((f) => INFERENCE_FEATURES[f].type === 'categorical');
    const columns: Record<string, ArrayLike<unknown>> = {};
    let size = 0;
    let truncated = false;
    if (numerical.length > 0) {
      const res = await this.o.sql.execute({
        warehouseId: this.o.warehouseId,
        statement: numericalStatement(table, numerical, maxRows),
        parameters,
        maxRows,
      });
      truncated = res.truncated;
      size = res.rows.length;
      numerical.forEach((f, i) => {
        const col = new Float64Array(res.rows.length);
        res.rows.forEach((row, r) => {
          const cell = row[i];
          col[r] = cell === null || cell === undefined ? Number.NaN : Number(cell);
        });
        columns[f] = col;
      });
    }
    if (categorical.length > 0) {
      const res = await this.o.sql.execute({
        warehouseId: this.o.warehouseId,
        statement: categoricalStatement(table, categorical),
        parameters,
      });
      const values = new Map<string, unknown[]>(categorical.map((f) => [f, []]));
      for (const [feature, value, n] of res.rows) {
        const list = values.get(feature ?? '');
        if (!list) continue;
        for (let k = Number(n ?? 0); k > 0; k--) list.push(value);
      }
      for (const [f, list] of values) {
        columns[f] = list;
        size = Math.max(size, list.length);
      }
    }
    return { columns, size, truncated };
  }
}
