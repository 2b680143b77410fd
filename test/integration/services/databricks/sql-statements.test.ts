import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatabricksAuth } from '../../../../src/services/databricks/databricks-auth';
import { createDatabricksHttp } from '../../../../src/services/databricks/databricks-client';
import { HttpSqlStatements } from '../../../../src/services/databricks/sql-statements';
import { ServiceError } from '../../../../src/services/errors';
import { FakeDatabricks } from '../../../fakes/fake-databricks/fake-databricks';
import {
  installSql,
  type SqlFakeOptions,
  type SqlFakeState,
} from '../../../fakes/fake-databricks/sql';

let fake: FakeDatabricks;
let state: SqlFakeState;
beforeEach(() => {
  fake = new FakeDatabricks();
});
afterEach(() => fake.stop());

const rows = (n: number) => Array.from({ length: n }, (_, i) => [String(i), i % 2 ? 'a' : null]);
const columns = [
  { name: 'x', type_name: 'DOUBLE' },
  { name: 'y', type_name: 'STRING' },
];

async function client(options: SqlFakeOptions) {
  state = installSql(fake, options);
  await fake.start();
  const http = createDatabricksHttp({
    host: fake.url,
    auth: new DatabricksAuth({ host: fake.url, token: 'dapi-test-token' }),
  });
  return new HttpSqlStatements(http, { pollIntervalMs: 1, sleep: () => Promise.resolve() });
}

describe('SQL Statement Execution client', () => {
  it('waits in hybrid mode, polls PENDING → RUNNING → SUCCEEDED and reads every chunk', async () => {
    const sql = await client({
      answer: () => ({ columns, rows: rows(25) }),
      pendingPolls: 2,
      runningPolls: 2,
      chunkSize: 10,
    });
    const res = await sql.execute({
      warehouseId: 'wh-1',
      statement: 'SELECT x, y FROM t WHERE a = :a',
      parameters: [{ name: 'a', value: '1', type: 'INT' }],
    });
    expect(res.rows).toHaveLength(25);
    expect(res.rows[24]).toEqual(['24', null]);
    expect(res.columns).toEqual([
      { name: 'x', typeName: 'DOUBLE' },
      { name: 'y', typeName: 'STRING' },
    ]);
    expect(res.truncated).toBe(false);
    const post = fake.requests.find((r) => r.method === 'POST');
    expect(post?.body).toMatchObject({
      warehouse_id: 'wh-1',
      wait_timeout: '10s',
      on_wait_timeout: 'CONTINUE',
      format: 'JSON_ARRAY',
    });
    const polls = fake.requests.filter((r) => /statements\/stmt-1$/.test(r.path));
    expect(polls).toHaveLength(4);
    const chunks = fake.requests.filter((r) => r.path.includes('/result/chunks/'));
    expect(chunks.map((r) => r.path.split('/').pop())).toEqual(['1', '2']);
    expect(state.statements[0]?.parameters).toEqual({ a: '1' });
  });

  it('bounds the rows it reads and says the result was truncated', async () => {
    const sql = await client({ answer: () => ({ columns, rows: rows(50) }), chunkSize: 7 });
    const res = await sql.execute({ warehouseId: 'w', statement: 'SELECT 1', maxRows: 20 });
    expect(res.rows).toHaveLength(20);
    expect(res.truncated).toBe(true);
    expect(fake.requests.find((r) => r.method === 'POST')?.body.row_limit).toBe(21);
  });

  it('turns a FAILED statement (HTTP 200) into a typed error with the SQL message', async () => {
    const sql = await client({
      answer: () => ({
        error: { error_code: 'BAD_REQUEST', message: '[TABLE_OR_VIEW_NOT_FOUND] main.ml.x' },
      }),
      runningPolls: 1,
    });
    const err = await sql
      .execute({ warehouseId: 'w', statement: 'SELECT 1' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceError);
    expect((err as ServiceError).reason).toBe('bad-request');
    expect((err as ServiceError).message).toContain('TABLE_OR_VIEW_NOT_FOUND');
    expect((err as ServiceError).details.code).toBe('BAD_REQUEST');
  });

  it('cancels a statement that outlives its deadline and reports a timeout', async () => {
    state = installSql(fake, { answer: () => ({ columns, rows: [] }), pendingPolls: 1_000 });
    await fake.start();
    const http = createDatabricksHttp({
      host: fake.url,
      auth: new DatabricksAuth({ host: fake.url, token: 'dapi-test-token' }),
    });
    let now = 0;
    const sql = new HttpSqlStatements(http, {
      timeoutMs: 10,
      now: () => now,
      sleep: () => {
        now += 4;
        return Promise.resolve();
      },
    });
    const err = await sql
      .execute({ warehouseId: 'w', statement: 'SELECT 1' })
      .catch((e: unknown) => e);
    expect((err as ServiceError).reason).toBe('timeout');
    expect(state.statements[0]?.cancelled).toBe(true);
  });

  it('reports a statement cancelled by someone else as a conflict, not as empty data', async () => {
    state = installSql(fake, { answer: () => ({ columns, rows: rows(1) }), pendingPolls: 2 });
    await fake.start();
    const http = createDatabricksHttp({
      host: fake.url,
      auth: new DatabricksAuth({ host: fake.url, token: 'dapi-test-token' }),
    });
    const sql = new HttpSqlStatements(http, {
      sleep: () => {
        // A warehouse admin cancels it while the bot waits between polls.
        for (const s of state.statements) s.cancelled = true;
        return Promise.resolve();
      },
    });
    const err = await sql
      .execute({ warehouseId: 'w', statement: 'SELECT 1' })
      .catch((e: unknown) => e);
    expect((err as ServiceError).reason).toBe('conflict');
    expect((err as ServiceError).message).toContain('canceled');
  });
});
