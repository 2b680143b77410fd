import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../../src/services/store/database';
import { ETagConflictError, SqliteStorage } from '../../../../src/services/store/sqlite-storage';

let dir: string;
let db: Database;
let storage: SqliteStorage;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'storage-test-'));
  db = openDatabase(dir);
  storage = new SqliteStorage(db);
});
afterEach(() => {
  if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('SqliteStorage', () => {
  it('reads back what was written, with an eTag, and skips missing keys', async () => {
    await storage.write({ a: { n: 1, nested: { s: 'x' } }, b: { list: [1, 2] } });
    const items = await storage.read(['a', 'b', 'missing']);
    expect(Object.keys(items).sort()).toEqual(['a', 'b']);
    expect(items.a).toMatchObject({ n: 1, nested: { s: 'x' } });
    expect(typeof items.a?.eTag).toBe('string');
    expect(items.b?.list).toEqual([1, 2]);
    expect(await storage.read([])).toEqual({});
  });

  it('deletes keys, and deleting a missing key is fine', async () => {
    await storage.write({ a: { n: 1 }, b: { n: 2 } });
    await storage.delete(['a', 'nope']);
    expect(Object.keys(await storage.read(['a', 'b']))).toEqual(['b']);
  });

  it('changes the eTag on every write, and does not store the eTag in the value', async () => {
    await storage.write({ k: { n: 1 } });
    const first = (await storage.read(['k'])).k;
    await storage.write({ k: { n: 2 } });
    const second = (await storage.read(['k'])).k;
    expect(second?.eTag).not.toBe(first?.eTag);
    await storage.write({ k: { ...second, n: 3 } });
    const third = (await storage.read(['k'])).k;
    expect(third?.eTag).not.toBe(second?.eTag);
    expect(third?.n).toBe(3);
    const raw = db
      .prepare<[], { value: string }>("SELECT value FROM bot_storage WHERE key='k'")
      .get();
    expect(JSON.parse(raw?.value ?? '{}')).toEqual({ n: 3 });
  });

  it('throws ETagConflictError for a stale eTag and rolls back the whole batch', async () => {
    await storage.write({ k: { n: 1 }, other: { n: 10 } });
    const stale = (await storage.read(['k'])).k;
    await storage.write({ k: { ...stale, n: 2 } });
    const current = await storage.read(['k', 'other']);

    const attempt = storage.write({
      other: { ...current.other, n: 11 },
      fresh: { n: 1 },
      k: { ...stale, n: 99 },
    });
    await expect(attempt).rejects.toBeInstanceOf(ETagConflictError);
    await expect(attempt).rejects.toMatchObject({ key: 'k', reason: 'etag-conflict' });

    const after = await storage.read(['k', 'other', 'fresh']);
    expect(after.k).toEqual(current.k);
    expect(after.other).toEqual(current.other);
    expect(after.fresh).toBeUndefined();
  });

  it("lets '*' and a missing eTag overwrite whatever is stored", async () => {
    await storage.write({ k: { n: 1 } });
    await storage.write({ k: { n: 2, eTag: '*' } });
    expect((await storage.read(['k'])).k?.n).toBe(2);
    await storage.write({ k: { n: 3 } });
    expect((await storage.read(['k'])).k?.n).toBe(3);
  });

  it('accepts an eTag on the first write of a key, but not once the key exists', async () => {
    await storage.write({ k: { n: 1, eTag: 'from-elsewhere' } });
    expect((await storage.read(['k'])).k?.n).toBe(1);
    await expect(storage.write({ k: { n: 2, eTag: 'from-elsewhere' } })).rejects.toBeInstanceOf(
      ETagConflictError,
    );
  });

  it('keeps data across closing and reopening the database', async () => {
    await storage.write({ k: { n: 7 } });
    const eTag = (await storage.read(['k'])).k?.eTag;
    db.close();
    db = openDatabase(dir);
    const reopened = new SqliteStorage(db);
    const item = (await reopened.read(['k'])).k;
    expect(item).toEqual({ n: 7, eTag });
    await reopened.write({ k: { ...item, n: 8 } });
    expect((await reopened.read(['k'])).k?.n).toBe(8);
  });
});
