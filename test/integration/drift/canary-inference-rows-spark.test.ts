import { afterAll, beforeAll, expect, it } from 'vitest';
import { DatabricksAuth } from '../../../src/services/databricks/databricks-auth';
import { createDatabricksHttp } from '../../../src/services/databricks/databricks-client';
import { HttpSqlStatements } from '../../../src/services/databricks/sql-statements';
import {
  fakeServedEntityId,
  type FakeInferenceRow,
} from '../../fakes/fake-databricks/serving-data-plane';
import { inferenceRowsStatement } from '../../support/inference-rows';
import {
  SPARK_SETUP_TIMEOUT_MS,
  startSparkSqlShim,
  type SparkSqlShim,
} from '../../support/spark-sql-shim';

// The fake serving's inference rows load into real Spark SQL as an AI Gateway table, so a
// canary's two entities can be compared there by served_entity_id.

let shim: SparkSqlShim | undefined;
let sql: HttpSqlStatements;
beforeAll(async () => {
  shim = await startSparkSqlShim();
  const http = createDatabricksHttp({
    host: shim.url,
    auth: new DatabricksAuth({ host: shim.url, token: shim.token }),
  });
  sql = new HttpSqlStatements(http, { pollIntervalMs: 100, timeoutMs: 120_000 });
}, SPARK_SETUP_TIMEOUT_MS);
afterAll(async () => {
  await shim?.stop();
});

const row = (i: number, entity: string, status: number): FakeInferenceRow => ({
  databricks_request_id: `dbx-req-${i}`,
  client_request_id: i % 2 ? null : `client-${i}`,
  request_time: Date.parse('2026-12-06T23:59:59Z') + i * 1000,
  request_date: '',
  status_code: status,
  sampling_fraction: 1,
  execution_duration_ms: 100 + i,
  request: JSON.stringify({ messages: [{ role: 'user', content: `it's "q${i}" \\ ok` }] }),
  response: status === 200 ? JSON.stringify({ choices: [{ finish_reason: 'stop' }] }) : null,
  logging_error_codes: null,
  served_entity_id: fakeServedEntityId('llm-chat', entity),
  requester: 'bot@contoso.com',
});

it(
  'loads rows with quotes, nulls and two dates, countable per served entity',
  { timeout: 240_000 },
  async () => {
    await sql.execute({ warehouseId: 'wh', statement: 'CREATE DATABASE spark_catalog.canary' });
    const rows = [row(0, 'chat', 200), row(1, 'chat', 500), row(2, 'chat-v2-canary', 200)];
    await sql.execute({
      warehouseId: 'wh',
      statement: inferenceRowsStatement('spark_catalog.canary.llm_chat_payload', rows),
    });
    const r = await sql.execute({
      warehouseId: 'wh',
      statement: `SELECT served_entity_id, count(*), sum(IF(status_code = 200, 1, 0)),
      count(DISTINCT request_date), max(get_json_object(request, '$.messages[0].content'))
      FROM spark_catalog.canary.llm_chat_payload GROUP BY served_entity_id ORDER BY 1`,
    });
    expect(r.rows).toEqual([
      ['se-llm-chat-chat', '2', '1', '2', 'it\'s "q1" \\ ok'],
      ['se-llm-chat-chat-v2-canary', '1', '1', '1', 'it\'s "q2" \\ ok'],
    ]);
  },
);
