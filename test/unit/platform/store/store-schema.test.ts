import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestVersion } from '../../../../src/platform/store/migration';
import { postgresMigrations } from '../../../../src/platform/store/postgres-migrations';
import { sqliteMigrations } from '../../../../src/platform/store/sqlite-migrations';
import {
  openPostgresStore,
  type PostgresStore,
} from '../../../../src/platform/store/postgres-store';
import type { SqliteStore } from '../../../../src/platform/store/sqlite-store';
import { openTestStore, type TestStore } from '../../../support/test-store';

describe('store schema on both backends', () => {
  let lite: TestStore<SqliteStore>;
  let pg: TestStore<PostgresStore>;
  beforeAll(async () => {
    lite = await openTestStore('sqlite');
    pg = await openTestStore('postgres');
  });
  afterAll(async () => {
    await lite?.dispose();
    await pg?.dispose();
  });

  it('has the same migration versions on each side', () => {
    expect(postgresMigrations.map((m) => [m.version, m.name])).toEqual(
      sqliteMigrations.map((m) => [m.version, m.name]),
    );
    expect(latestVersion(postgresMigrations)).toBe(latestVersion(sqliteMigrations));
  });

  it('migrates both to the same tables and columns', async () => {
    const liteCols = await lite.store.db
      .selectFrom(
        sql<{ table: string; column: string }>`(
        SELECT m.name AS "table", p.name AS "column" FROM sqlite_master m, pragma_table_info(m.name) p
        WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%')`.as('c'),
      )
      .selectAll()
      .execute();
    const pgCols = await pg.store.db
      .selectFrom(
        sql<{ table: string; column: string }>`(
        SELECT table_name AS "table", column_name AS "column" FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name <> 'schema_version')`.as('c'),
      )
      .selectAll()
      .execute();
    const key = (r: { table: string; column: string }) => `${r.table}.${r.column}`;
    expect(pgCols.map(key).sort()).toEqual(liteCols.map(key).sort());
    expect(liteCols.length).toBeGreaterThan(100);
  });

  it('reads back the same row from each, times as numbers', async () => {
    const big = 1_780_000_000_123; // epoch ms beyond 32 bits
    for (const { store } of [lite, pg]) {
      const row = await store.db
        .insertInto('audit_log')
        .values({
          at: big,
          actor_id: 'u1',
          action: 'provision',
          result: 'ok',
          actor_name: null,
          conversation_id: null,
          plan: null,
          detail: null,
          duration_ms: 12,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      expect(row).toEqual({
        id: 1,
        at: big,
        actor_id: 'u1',
        actor_name: null,
        conversation_id: null,
        action: 'provision',
        plan: null,
        result: 'ok',
        detail: null,
        duration_ms: 12,
      });
    }
  });

  it('migrating again changes nothing; two concurrent openers migrate once', async () => {
    const url = pg.url;
    const [a, b] = await Promise.all([openPostgresStore({ url }), openPostgresStore({ url })]);
    const versions = await a.db
      .selectFrom(sql<{ version: number }>`schema_version`.as('v'))
      .select('version')
      .execute();
    expect(versions.map((v) => v.version)).toEqual(postgresMigrations.map((m) => m.version));
    await a.close();
    await b.close();
  });

  it('reports readiness', async () => {
    await expect(lite.store.readiness()).resolves.toEqual({ ok: true });
    await expect(pg.store.readiness()).resolves.toEqual({ ok: true });
  });
});
