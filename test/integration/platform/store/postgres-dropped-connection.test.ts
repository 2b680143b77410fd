import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openPostgresStore,
  type PostgresStore,
} from '../../../../src/platform/store/postgres-store';
import { createTestDatabase } from '../../../support/test-store';

// A connection that drops while checked out of the pool (a PostgreSQL restart or failover in the
// middle of a transaction) must fail that transaction, not the process: before the store listened
// on every client, pg emitted 'error' with no listener and vitest reported an uncaught exception.
describe('a PostgreSQL connection dropped mid-transaction', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: PostgresStore;
  const errors: Error[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    store = await openPostgresStore({ url: database.url, onError: (err) => errors.push(err) });
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it('fails the transaction, reports the error, and the store serves the next query', async () => {
    const failed = store.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(trx);
      // Another pooled connection ends this one, as a server restart would.
      await sql`SELECT pg_terminate_backend(${rows[0]?.pid ?? 0})`.execute(store.db);
      await new Promise((r) => setTimeout(r, 200)); // the 'end' arrives while checked out
      await sql`SELECT 1`.execute(trx);
    });
    await expect(failed).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 100));
    expect(errors.length).toBeGreaterThan(0);
    const { rows } = await sql<{ one: number }>`SELECT 1 AS one`.execute(store.db);
    expect(rows[0]?.one).toBe(1);
  });
});
