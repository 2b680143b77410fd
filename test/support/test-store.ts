import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { openPostgresStore, type PostgresStore } from '../../src/platform/store/postgres-store';
import { openSqliteStore, type SqliteStore } from '../../src/platform/store/sqlite-store';
import type { Store, StoreKind } from '../../src/platform/store/store';

export { SUPERUSER_PASSWORD as SUPERUSER_PASSWORD_FOR_TESTS } from './postgres-server';

/** Both backends, for `describe.each(STORE_KINDS)`: every store test runs on each. */
export const STORE_KINDS: readonly StoreKind[] = ['sqlite', 'postgres'];

/** The run's PostgreSQL superuser URL (started by postgres-global-setup.ts). */
export function postgresAdminUrl(): string {
  const url = process.env.LLMOPS_TEST_PG_URL;
  if (!url)
    throw new Error(
      'LLMOPS_TEST_PG_URL is unset: run the tests through vitest (its globalSetup starts PostgreSQL).',
    );
  return url;
}

const withDatabase = (url: string, database: string): string => {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
};

/** A new, empty database in the test cluster; returns its URL and a drop function. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = postgresAdminUrl();
  const name = `t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const client = new Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return {
    url: withDatabase(admin, name),
    drop: async () => {
      const c = new Client({ connectionString: admin });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

export interface TestStore<S extends Store = Store> {
  store: S;
  /** The PostgreSQL URL (a second openPostgresStore on it is a second replica); '' for SQLite. */
  url: string;
  /** Closes the store and deletes its file or database. */
  dispose(): Promise<void>;
}

export async function openTestStore(kind: 'sqlite'): Promise<TestStore<SqliteStore>>;
export async function openTestStore(kind: 'postgres'): Promise<TestStore<PostgresStore>>;
export async function openTestStore(kind: StoreKind): Promise<TestStore>;
export async function openTestStore(kind: StoreKind): Promise<TestStore> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'llmops-store-'));
    const store = openSqliteStore(dir);
    return {
      store,
      url: '',
      dispose: async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const database = await createTestDatabase();
  const store = await openPostgresStore({ url: database.url, poolMax: 4 });
  return {
    store,
    url: database.url,
    dispose: async () => {
      await store.close();
      await database.drop();
    },
  };
}
