import { randomUUID } from 'node:crypto';
import type { Database } from './database';

/** A stored item; shape-compatible with botbuilder's StoreItem. */
export interface StoreItem {
  eTag?: string;
  [key: string]: unknown;
}
export type StoreItems = Record<string, StoreItem>;

/** Raised when a write carries a stale eTag; the text matches botbuilder's own storages. */
export class ETagConflictError extends Error {
  readonly reason = 'etag-conflict' as const;
  constructor(readonly key: string) {
    super(`Storage: error writing "${key}" due to eTag conflict.`);
    this.name = 'ETagConflictError';
  }
}

/**
 * botbuilder `Storage` over SQLite with optimistic concurrency. It is structurally the
 * botbuilder interface, so this folder stays free of botbuilder imports.
 * eTags are random UUIDs, not counters: a counter restarts after delete and re-create,
 * and a stale writer could then match by accident.
 */
export class SqliteStorage {
  private readonly selectOne;
  private readonly upsert;
  private readonly casUpdate;
  private readonly insertNew;
  private readonly deleteOne;

  constructor(private readonly db: Database) {
    this.selectOne = db.prepare<[string], { etag: string; value: string }>(
      'SELECT etag, value FROM bot_storage WHERE key = ?',
    );
    this.upsert = db.prepare(
      `INSERT INTO bot_storage (key, etag, value, updated_at) VALUES (@key, @etag, @value, @now)
       ON CONFLICT(key) DO UPDATE SET etag = excluded.etag, value = excluded.value, updated_at = excluded.updated_at`,
    );
    this.casUpdate = db.prepare(
      'UPDATE bot_storage SET etag = @etag, value = @value, updated_at = @now WHERE key = @key AND etag = @expected',
    );
    this.insertNew = db.prepare(
      'INSERT OR IGNORE INTO bot_storage (key, etag, value, updated_at) VALUES (@key, @etag, @value, @now)',
    );
    this.deleteOne = db.prepare('DELETE FROM bot_storage WHERE key = ?');
  }

  read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    for (const key of keys) {
      const row = this.selectOne.get(key);
      if (row) items[key] = { ...(JSON.parse(row.value) as StoreItem), eTag: row.etag };
    }
    return Promise.resolve(items);
  }

  /**
   * Missing or '*' eTag: last writer wins. Any other eTag must match the stored one (or the
   * key must be absent, for a first write); the whole batch rolls back on one conflict.
   */
  write(changes: StoreItems): Promise<void> {
    const now = Date.now();
    try {
      this.db.transaction(() => {
        for (const [key, item] of Object.entries(changes)) {
          const { eTag: expected, ...rest } = item;
          const params = { key, etag: randomUUID(), value: JSON.stringify(rest), now };
          if (expected === undefined || expected === '*') {
            this.upsert.run(params);
            continue;
          }
          const updated = this.casUpdate.run({ ...params, expected }).changes;
          if (updated === 1) continue;
          if (this.selectOne.get(key) === undefined && this.insertNew.run(params).changes === 1) {
            continue;
          }
          throw new ETagConflictError(key);
        }
      })();
      return Promise.resolve();
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  delete(keys: string[]): Promise<void> {
    this.db.transaction(() => {
      for (const key of keys) this.deleteOne.run(key);
    })();
    return Promise.resolve();
  }
}
