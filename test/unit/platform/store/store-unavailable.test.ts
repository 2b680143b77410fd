import { Client } from 'pg';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../../support/postgres-server';
import { isStoreUnavailable } from '../../../../src/platform/store/store-unavailable';
import { openTestStore } from '../../../support/test-store';

describe('isStoreUnavailable', () => {
  it('recognises a refused PostgreSQL connection from the real driver', async () => {
    const port = await freePort(); // nothing listens there
    const client = new Client({
      host: '127.0.0.1',
      port,
      user: 'x',
      connectionTimeoutMillis: 2000,
    });
    const err = await client.connect().catch((e: unknown) => e);
    expect(isStoreUnavailable(err)).toBe(true);
  });

  it('recognises a server that terminated the session (admin shutdown)', async () => {
    const t = await openTestStore('postgres');
    const store = t.store;
    try {
      const err = await store.pool
        .query('SELECT pg_terminate_backend(pg_backend_pid())')
        .catch((e: unknown) => e);
      expect(isStoreUnavailable(err)).toBe(true);
    } finally {
      await t.dispose();
    }
  });

  it('does not hide a mistake in a query', async () => {
    const t = await openTestStore('postgres');
    const store = t.store;
    try {
      const err = await store.pool.query('SELECT * FROM no_such_table').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect(isStoreUnavailable(err)).toBe(false);
    } finally {
      await t.dispose();
    }
    expect(isStoreUnavailable(new Error('boom'))).toBe(false);
    expect(isStoreUnavailable('text')).toBe(false);
  });
});
