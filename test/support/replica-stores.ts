import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openPostgresStore } from '../../src/platform/store/postgres-store';
import { openSqliteStore } from '../../src/platform/store/sqlite-store';
import type { Store, StoreKind } from '../../src/platform/store/store';
import { createTestDatabase } from './test-store';

export interface ReplicaStores {
  /** One store per replica, all on the same database (or SQLite file). */
  stores: Store[];
  /**
   * What a replica dying leaves behind: its connections are gone, so it renews and releases
   * nothing more, while its rows stay as they were.
   */
  kill(index: number): Promise<void>;
  dispose(): Promise<void>;
}

/** `n` stores opened on one new database: what `n` bot processes sharing it see. */
export async function openReplicaStores(kind: StoreKind, n: number): Promise<ReplicaStores> {
  let stores: Store[];
  let drop: () => Promise<void>;
  if (kind === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'llmops-replicas-'));
    stores = Array.from({ length: n }, () => openSqliteStore(dir));
    drop = () => Promise.resolve(rmSync(dir, { recursive: true, force: true }));
  } else {
    const database = await createTestDatabase();
    stores = [];
    for (let i = 0; i < n; i++)
      stores.push(await openPostgresStore({ url: database.url, poolMax: 3 }));
    drop = () => database.drop();
  }
  const closed = new Set<number>();
  const kill = async (i: number) => {
    if (closed.has(i)) return;
    closed.add(i);
    await stores[i]?.close();
  };
  return {
    stores,
    kill,
    dispose: async () => {
      for (let i = 0; i < stores.length; i++) await kill(i);
      await drop();
    },
  };
}
