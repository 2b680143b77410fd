import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteDatabase } from '../../../../src/platform/store/sqlite-database';

let dir: string;
let db: SqliteDatabase;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'sqlite-db-test-'));
  db = new SqliteDatabase(path.join(dir, 'test.sqlite'));
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL, n INTEGER)');
});
afterEach(() => {
  if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

const count = () => db.prepare<[], { c: number }>('SELECT COUNT(*) AS c FROM t').get()?.c;

describe('SqliteDatabase', () => {
  it('reports changes and lastInsertRowid as numbers', () => {
    const insert = db.prepare<[string, number | null]>('INSERT INTO t (name, n) VALUES (?, ?)');
    expect(insert.run('a', 1)).toEqual({ changes: 1, lastInsertRowid: 1 });
    const second = insert.run('b', null);
    expect(typeof second.changes).toBe('number');
    expect(typeof second.lastInsertRowid).toBe('number');
    expect(second.lastInsertRowid).toBe(2);
    expect(db.prepare('UPDATE t SET n = 0').run().changes).toBe(2);
  });

  it('returns undefined from get() when there is no row, and rows with their columns', () => {
    db.prepare('INSERT INTO t (name, n) VALUES (?, ?)').run('a', 7);
    const select = db.prepare<[string], { id: number; name: string; n: number | null }>(
      'SELECT * FROM t WHERE name = ?',
    );
    expect(select.get('missing')).toBeUndefined();
    expect(select.get('a')).toEqual({ id: 1, name: 'a', n: 7 });
    expect(select.all('a')).toEqual([{ id: 1, name: 'a', n: 7 }]);
    expect(select.all('missing')).toEqual([]);
  });

  it('binds named parameters from an object and ignores keys the SQL does not name', () => {
    db.prepare<[Record<string, unknown>]>('INSERT INTO t (name, n) VALUES (@name, @n)').run({
      name: 'x',
      n: 3,
      unused: 'ignored as better-sqlite3 did',
    });
    expect(
      db
        .prepare<[{ n: number }], { name: string }>('SELECT name FROM t WHERE n = @n')
        .get({ n: 3 }),
    ).toEqual({ name: 'x' });
  });

  it('commits a transaction function and returns its result', () => {
    const add = db.transaction((name: string) => {
      db.prepare('INSERT INTO t (name) VALUES (?)').run(name);
      return count();
    });
    expect(add('a')).toBe(1);
    expect(add('b')).toBe(2);
  });

  it('rolls the whole transaction back when the function throws', () => {
    const failing = db.transaction(() => {
      db.prepare('INSERT INTO t (name) VALUES (?)').run('a');
      throw new Error('boom');
    });
    expect(() => failing()).toThrow('boom');
    expect(count()).toBe(0);
    // The connection is usable again: no transaction was left open.
    db.transaction(() => db.prepare('INSERT INTO t (name) VALUES (?)').run('b'))();
    expect(count()).toBe(1);
  });

  it('nests as a savepoint: an inner failure undoes only the inner work', () => {
    const insert = (name: string) => db.prepare('INSERT INTO t (name) VALUES (?)').run(name);
    const inner = db.transaction(() => {
      insert('inner');
      throw new Error('inner failed');
    });
    db.transaction(() => {
      insert('outer');
      expect(() => inner()).toThrow('inner failed');
      insert('after');
    })();
    expect(db.prepare<[], { name: string }>('SELECT name FROM t ORDER BY id').all()).toEqual([
      { name: 'outer' },
      { name: 'after' },
    ]);
  });

  it('rolls back an outer transaction whose nested one committed', () => {
    const inner = db.transaction(() => db.prepare("INSERT INTO t (name) VALUES ('in')").run());
    expect(() =>
      db.transaction(() => {
        inner();
        throw new Error('outer failed');
      })(),
    ).toThrow('outer failed');
    expect(count()).toBe(0);
  });

  it('refuses an async transaction function and leaves nothing behind', () => {
    const asyncFn = db.transaction(async () => {
      db.prepare("INSERT INTO t (name) VALUES ('a')").run();
      return Promise.resolve();
    });
    expect(() => void asyncFn()).toThrow('synchronous');
    expect(count()).toBe(0);
  });

  it('runs pragmas: all rows, or the first value with simple', () => {
    expect(db.pragma('journal_mode = WAL', { simple: true })).toBe('wal');
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    db.pragma('user_version = 4');
    expect(db.pragma('user_version', { simple: true })).toBe(4);
    expect(db.pragma('user_version')).toEqual([{ user_version: 4 }]);
  });

  it('tells whether it is open', () => {
    expect(db.open).toBe(true);
    db.close();
    expect(db.open).toBe(false);
  });
});
