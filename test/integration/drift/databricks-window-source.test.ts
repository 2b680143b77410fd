import { afterEach, describe, expect, it } from 'vitest';
import { DatabricksAuth } from '../../../src/services/databricks/databricks-auth';
import { createDatabricksHttp } from '../../../src/services/databricks/databricks-client';
import { HttpSqlStatements } from '../../../src/services/databricks/sql-statements';
import {
  DatabricksWindowSource,
  tableName,
} from '../../../src/workflows/drift-monitor/databricks-window-source';
import { DriftInputError } from '../../../src/drift/drift-input-error';
import { FakeDatabricks } from '../../fakes/fake-databricks/fake-databricks';
import { installSql, type SqlAnswer } from '../../fakes/fake-databricks/sql';
import { driftRig, HOUR, rng, type DriftRig } from '../../support/drift-rig';

const T0 = Date.parse('2026-11-30T12:00:00Z');
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

/** What the warehouse would compute for one window: raw numbers, and counts per category. */
function answer(statement: string, params: Record<string, string | null>): SqlAnswer {
  const current = params.from_ts === new Date(T0 - HOUR).toISOString();
  if (statement.includes('GROUP BY feature, value')) {
    return {
      columns: [
        { name: 'feature', type_name: 'STRING' },
        { name: 'value', type_name: 'STRING' },
        { name: 'n', type_name: 'BIGINT' },
      ],
      rows: current
        ? [
            ['status', 'ok', '600'],
            ['status', 'error', '400'],
          ]
        : [
            ['status', 'ok', '990'],
            ['status', 'error', '10'],
          ],
    };
  }
  const r = rng(current ? 2 : 1);
  const same = rng(5); // completion tokens: identical in both windows → no drift
  const rows = Array.from({ length: 1_000 }, () => [
    String((current ? 900 : 400) * (0.8 + r() * 0.4)),
    same() < 0.02 ? null : String(Math.round(100 * (0.8 + same() * 0.4))),
  ]);
  return {
    columns: [
      { name: 'latency_ms', type_name: 'DOUBLE' },
      { name: 'completion_tokens', type_name: 'DOUBLE' },
    ],
    rows,
  };
}

async function setup(): Promise<{ r: DriftRig; fake: FakeDatabricks; statements: string[] }> {
  const fake = new FakeDatabricks();
  const state = installSql(fake, { answer, pendingPolls: 1, runningPolls: 1, chunkSize: 300 });
  await fake.start();
  cleanup.push(() => fake.stop());
  const http = createDatabricksHttp({
    host: fake.url,
    auth: new DatabricksAuth({ host: fake.url, token: 'dapi-test-token' }),
  });
  const sql = new HttpSqlStatements(http, { pollIntervalMs: 1 });
  const r = driftRig({
    start: T0,
    settings: { features: ['latency_ms', 'completion_tokens', 'status'], maxRows: 800 },
    source: () =>
      new DatabricksWindowSource({
        sql,
        warehouseId: 'wh-42',
        tableTemplate: 'main.ml.{target}_payload',
      }),
  });
  cleanup.push(() => r.close());
  return { r, fake, statements: state.statements.map((s) => s.statement) };
}

describe('drift from a Databricks inference table (SQL Statement Execution fake)', () => {
  it('reads bounded raw numbers and SQL-side category counts, then reports drift', async () => {
    const { r, fake } = await setup();
    const summary = await r.monitor.summarize('chat-endpoint', T0);
    const byName = Object.fromEntries(summary.report.columns.map((c) => [c.name, c]));
    expect(byName.latency_ms).toMatchObject({ test: 'ks', drifted: true, n_reference: 800 });
    expect(byName.completion_tokens?.drifted).toBe(false);
    // Counts came from GROUP BY: the whole window (1,000 rows), not the 800-row sample.
    expect(byName.status).toMatchObject({
      test: 'z',
      drifted: true,
      n_reference: 1_000,
      n_current: 1_000,
    });
    expect(summary.current.truncated).toBe(true);
    expect(summary.source).toBe('main.ml.{target}_payload');

    const posts = fake.requests.filter(
      (q) => q.method === 'POST' && q.path === '/api/2.0/sql/statements',
    );
    expect(posts).toHaveLength(4);
    const numerical = posts.find((q) => !String(q.body.statement).includes('GROUP BY'));
    const text = String(numerical?.body.statement);
    expect(text).toContain('FROM `main`.`ml`.`chat_endpoint_payload`');
    expect(text).toContain("get_json_object(response, '$.usage.completion_tokens')");
    expect(text).toContain('LIMIT 800');
    expect(numerical?.body.row_limit).toBe(801);
    expect(numerical?.body.parameters).toEqual([
      { name: 'from_ts', value: new Date(T0 - 2 * HOUR).toISOString(), type: 'TIMESTAMP' },
      { name: 'to_ts', value: new Date(T0 - HOUR).toISOString(), type: 'TIMESTAMP' },
    ]);
    // Chunks were followed (800 rows in chunks of 300).
    expect(fake.requests.some((q) => q.path.endsWith('/result/chunks/2'))).toBe(true);
  });

  it('refuses a table name that could inject SQL', () => {
    expect(() => tableName('main.ml.x; DROP TABLE y', 't')).toThrow(DriftInputError);
    expect(tableName('main.ml.{target}_payload', 'gpt-4o')).toBe('`main`.`ml`.`gpt_4o_payload`');
  });

  it('surfaces a FAILED statement as a typed error with the SQL message', async () => {
    const fake = new FakeDatabricks();
    installSql(fake, {
      answer: () => ({
        error: { error_code: 'BAD_REQUEST', message: '[TABLE_OR_VIEW_NOT_FOUND] x' },
      }),
    });
    await fake.start();
    cleanup.push(() => fake.stop());
    const http = createDatabricksHttp({
      host: fake.url,
      auth: new DatabricksAuth({ host: fake.url, token: 'dapi-test-token' }),
    });
    const source = new DatabricksWindowSource({
      sql: new HttpSqlStatements(http),
      warehouseId: 'wh',
      tableTemplate: 'main.ml.t',
    });
    await expect(source.load('t', { from: 0, to: 1 }, ['latency_ms'], 10)).rejects.toThrow(
      /TABLE_OR_VIEW_NOT_FOUND/,
    );
  });
});
