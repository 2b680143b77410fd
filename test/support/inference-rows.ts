import type { FakeInferenceRow } from '../fakes/fake-databricks/serving-data-plane';

/** A Spark SQL string literal (backslash escapes are on by default in Spark SQL). */
const lit = (s: string | null): string =>
  s === null ? 'CAST(NULL AS STRING)' : `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/**
 * One CREATE TABLE … AS SELECT that loads the fake serving's recorded requests
 * (`FakeServingState.inferenceRows`) as an AI Gateway inference table with the columns of
 * databricks-mlflow-api.md §3, partitioned by `request_date` like the generated tables
 * (inference-table.js). Rows come from Node here: a canary's evaluation needs tens, not millions.
 */
export function inferenceRowsStatement(table: string, rows: readonly FakeInferenceRow[]): string {
  if (!/^[A-Za-z0-9_.`]+$/.test(table)) throw new Error(`bad table name ${table}`);
  if (rows.length === 0) throw new Error('no inference rows to load');
  const values = rows.map((r) =>
    [
      lit(r.databricks_request_id),
      lit(r.client_request_id),
      `timestamp_millis(${Math.trunc(r.request_time)})`,
      String(Math.trunc(r.status_code)),
      `${Number(r.sampling_fraction)}D`,
      `CAST(${Math.trunc(r.execution_duration_ms)} AS BIGINT)`,
      lit(r.request),
      lit(r.response),
      r.logging_error_codes === null
        ? 'CAST(NULL AS ARRAY<STRING>)'
        : `array(${r.logging_error_codes.map(lit).join(', ')})`,
      lit(r.served_entity_id),
      lit(r.requester),
    ].join(', '),
  );
  return `CREATE TABLE ${table} USING parquet PARTITIONED BY (request_date) AS
SELECT *, to_date(request_time) AS request_date FROM VALUES
${values.map((v) => `  (${v})`).join(',\n')}
AS t(databricks_request_id, client_request_id, request_time, status_code, sampling_fraction,
  execution_duration_ms, request, response, logging_error_codes, served_entity_id, requester)`;
}
