import { statSync, type Stats } from 'node:fs';
import type { SqliteDatabase } from './sqlite-database';
import type { Readiness } from './store';

/** SQLite's primary result code for "database or disk is full". */
const SQLITE_FULL = 13;

/** What node:sqlite says went wrong: its error string and primary result code. */
const sqliteError = (err: unknown): { code: number | undefined; text: string } => {
  const e = err as { errcode?: unknown; errstr?: unknown; message?: unknown };
  const code = typeof e.errcode === 'number' ? e.errcode & 0xff : undefined;
  const text = typeof e.errstr === 'string' ? e.errstr : String(e.message ?? err);
  return { code, text };
};

/**
 * Whether the SQLite store can still take the bot's writes, for /readyz. `db.open` is not enough:
 * - a deleted (or replaced) database file stays open and writable through the old inode, so
 *   every write after that is lost on restart: the file must still be at its path, same inode;
 * - a full disk only shows when a write needs room: the check commits a real (value-preserving)
 *   write, and inside it allocates pages and rolls them back, so a store that may not grow
 *   (SQLITE_FULL) fails here rather than in the middle of someone's operation.
 * Costs two statements and one small WAL frame; /readyz is polled every few seconds at most.
 */
export class SqliteReadiness {
  private readonly identity: Pick<Stats, 'dev' | 'ino'>;

  constructor(private readonly db: SqliteDatabase) {
    const { dev, ino } = statSync(db.file);
    this.identity = { dev, ino };
  }

  probe(): Readiness {
    if (!this.db.open) return { ok: false, reason: 'the store is closed' };
    let stats: Stats;
    try {
      stats = statSync(this.db.file);
    } catch {
      return { ok: false, reason: `the database file ${this.db.file} is gone` };
    }
    if (stats.ino !== this.identity.ino || stats.dev !== this.identity.dev) {
      return { ok: false, reason: `the database file ${this.db.file} was replaced` };
    }
    try {
      this.writeAndRead();
      return { ok: true };
    } catch (err) {
      const e = sqliteError(err);
      const why = e.code === SQLITE_FULL ? 'the disk or database is full' : e.text;
      return { ok: false, reason: `the store cannot be written: ${why}` };
    }
  }

  /** Throws when the store cannot take a write; leaves its contents exactly as they were. */
  private writeAndRead(): void {
    const db = this.db;
    db.transaction(() => {
      db.exec(
        `SAVEPOINT readiness;
         CREATE TABLE readiness_probe (pad BLOB);
         INSERT INTO readiness_probe VALUES (zeroblob(8192));
         ROLLBACK TO readiness; RELEASE readiness;`,
      );
      const version = db.pragma('user_version', { simple: true }) as number;
      db.pragma(`user_version = ${Math.trunc(version)}`);
    })();
  }
}
