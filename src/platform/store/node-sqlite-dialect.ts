import { SqliteDialect, type SqliteDatabase as KyselySqliteDatabase } from 'kysely';
import type { SqliteDatabase } from './sqlite-database';

/**
 * Kysely's SQLite dialect speaks to a better-sqlite3-shaped database; this gives it
 * `node:sqlite` through our adapter. Statements come from the adapter's cache, because Kysely
 * prepares on every query and the same few dozen SQL texts run all day. A statement is a reader
 * when it yields columns (SELECT, or a write with RETURNING).
 */
export function nodeSqliteDialect(db: SqliteDatabase): SqliteDialect {
  const database: KyselySqliteDatabase = {
    close: () => db.close(),
    prepare: (sql) => {
      const stmt = db.compiled(sql);
      const params = (p: ReadonlyArray<unknown>) => p as Parameters<typeof stmt.all>;
      return {
        reader: stmt.columns().length > 0,
        all: (p) => stmt.all(...params(p)),
        run: (p) => {
          const r = stmt.run(...params(p));
          return { changes: Number(r.changes), lastInsertRowid: Number(r.lastInsertRowid) };
        },
        iterate: (p) => stmt.iterate(...params(p)),
      };
    },
  };
  return new SqliteDialect({ database });
}
