import { openSqliteStore, migrateSqlite } from './sqlite-store';
import type { SqliteDatabase } from './sqlite-database';
import type { Store } from './store';

/**
 * Transitional (production-store issue): the repositories not yet moved onto Kysely still take
 * the SQLite file directly. Removed when the last one is converted.
 */
export type Database = SqliteDatabase;

export function sqliteOf(store: Store): Database {
  if (store.kind !== 'sqlite' || !('sqlite' in store)) {
    throw new Error('This part of the bot does not run on PostgreSQL yet.');
  }
  return (store as { sqlite: SqliteDatabase }).sqlite;
}

export function openDatabase(dataDir: string, fileName = 'bot.sqlite'): Database {
  return openSqliteStore(dataDir, fileName).sqlite;
}

export const migrate = migrateSqlite;
