import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  migrateSqlite as migrate,
  openSqliteStore,
} from '../../../../src/platform/store/sqlite-store';

const openDatabase = (dir: string) => openSqliteStore(dir).sqlite;
import { sqliteMigrations as migrations } from '../../../../src/platform/store/sqlite-migrations';
import { SqliteDatabase } from '../../../../src/platform/store/sqlite-database';

const latest = Math.max(...migrations.map((m) => m.version));
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'db-test-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('openSqliteStore / migrateSqlite', () => {
  it('creates the folder and the schema, and records user_version', () => {
    const db = openDatabase(path.join(dir, 'nested', 'data'));
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(latest);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      const tables = db
        .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
        .all()
        .map((t) => t.name);
      expect(tables).toEqual(expect.arrayContaining(['bot_storage', 'conversations', 'audit_log']));
    } finally {
      db.close();
    }
  });

  it('runs each migration once: reopening and migrating again change nothing', () => {
    const first = openDatabase(dir);
    first
      .prepare("INSERT INTO audit_log (at, actor_id, action, result) VALUES (1, 'a', 'x', 'ok')")
      .run();
    expect(migrate(first)).toBe(latest);
    first.close();
    const again = openDatabase(dir);
    try {
      expect(again.pragma('user_version', { simple: true })).toBe(latest);
      expect(again.prepare('SELECT COUNT(*) AS n FROM audit_log').get()).toEqual({ n: 1 });
    } finally {
      again.close();
    }
  });

  it('refuses a database written by a newer version, naming both versions and DATA_DIR', () => {
    const raw = new SqliteDatabase(path.join(dir, 'bot.sqlite'));
    raw.pragma(`user_version = ${latest + 5}`);
    raw.close();
    expect(() => openDatabase(dir)).toThrow(
      new RegExp(
        `newer version of the bot \\(schema ${latest + 5}, this build knows ${latest}\\).*DATA_DIR`,
      ),
    );
  });

  it('keeps migration versions unique and increasing', () => {
    const versions = migrations.map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
    expect(versions[0]).toBe(1);
  });
});
