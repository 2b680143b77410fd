import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { migrations } from './migrations';
import { SqliteDatabase } from './sqlite-database';

export type Database = SqliteDatabase;

/**
 * Opens (or creates) the embedded store in `dataDir` and brings its schema up to date.
 * WAL lets readers proceed while a writer commits; NORMAL sync is durable across process
 * crashes (not power loss), which is what a chat bot needs at 30 µs per commit instead of 2 ms.
 */
export function openDatabase(dataDir: string, fileName = 'bot.sqlite'): Database {
  mkdirSync(dataDir, { recursive: true });
  const db = new SqliteDatabase(path.join(dataDir, fileName));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}

/** Applies every migration newer than the database's `user_version`, each in its own transaction. */
export function migrate(db: Database): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  if (current > latest) {
    throw new Error(
      `The data folder was written by a newer version of the bot (schema ${current}, this build knows ${latest}). Upgrade the bot or point DATA_DIR elsewhere.`,
    );
  }
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return db.pragma('user_version', { simple: true }) as number;
}
