import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OperationRepository } from '../../../../src/platform/operations/operation-repository';
import { OutboxRepository } from '../../../../src/platform/outbox/outbox-repository';
import { AuditRepository } from '../../../../src/platform/store/audit-repository';
import { ConversationRepository } from '../../../../src/platform/store/conversation-repository';
import type { SqliteDatabase as Database } from '../../../../src/platform/store/sqlite-database';
import { openSqliteStore, type SqliteStore } from '../../../../src/platform/store/sqlite-store';
import { sqliteMigrations as migrations } from '../../../../src/platform/store/sqlite-migrations';

// Written by the better-sqlite3 build (see test/fixtures/stores/README.md); a user upgrading the
// bot keeps their DATA_DIR, so the node:sqlite build must open that file as it is.
const FIXTURE = path.join(__dirname, '../../../fixtures/stores/schema-v9/bot.sqlite');
const latest = Math.max(...migrations.map((m) => m.version));
const T0 = Date.UTC(2026, 0, 1);

let dir: string;
let store: SqliteStore;
let db: Database;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'stored-store-'));
  copyFileSync(FIXTURE, path.join(dir, 'bot.sqlite'));
  store = openSqliteStore(dir);
  db = store.sqlite;
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a store written by the better-sqlite3 build', () => {
  it('opens intact, in WAL mode, migrated to the latest schema', () => {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(latest);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('reads its conversations back through the repository', async () => {
    const conversations = new ConversationRepository(store);
    expect(await conversations.get('a:fixture-personal')).toMatchObject({
      conversationType: 'personal',
      tenantId: 'tenant-1',
      botName: 'LLMOps',
      locale: 'en-GB',
      active: true,
      createdAt: T0 + 1000,
    });
    expect(await conversations.get('19:fixture-channel@thread.tacv2')).toMatchObject({
      conversationType: 'channel',
      teamId: '19:team@thread.tacv2',
      botName: undefined,
      active: false,
      inactiveReason: 'bot removed',
    });
    expect(await conversations.counts()).toEqual({ total: 2, inactive: 1 });
  });

  it('reads its outbox back, and the pending message can still be claimed', async () => {
    db.close();
    const store = openSqliteStore(dir);
    const outbox = new OutboxRepository(store);
    expect(await outbox.get('op:card:1')).toMatchObject({
      kind: 'update',
      targetActivityId: 'act-1',
      status: 'delivered',
      resultActivityId: 'act-2',
      payload: { text: 'Provisioning 2/5' },
    });
    expect(await outbox.get('drift:alert:1')).toMatchObject({ status: 'pending', kind: 'post' });
    const lease = { replica: 'r1', until: Date.now() + 30_000 };
    expect(await outbox.claim('drift:alert:1', 'conversation', lease)).toMatchObject({
      kind: 'claimed',
    });
    expect((await outbox.get('drift:alert:1'))?.status).toBe('sending');
    await store.close();
  });

  it('reads its audit log back and keeps numbering after the old entries', async () => {
    const audit = new AuditRepository(store);
    expect(await audit.latest()).toEqual([
      expect.objectContaining({ id: 2, action: 'cleanup', result: 'denied', actorName: undefined }),
      expect.objectContaining({
        id: 1,
        action: 'deploy',
        actorName: 'Ada',
        durationMs: 4200,
        detail: 'endpoint READY',
      }),
    ]);
    const next = await audit.append({
      actorId: 'aad-3',
      actorName: undefined,
      conversationId: undefined,
      action: 'whoami',
      plan: undefined,
      result: 'ok',
      detail: undefined,
      durationMs: undefined,
    });
    expect(next.id).toBe(3);
  });

  it('reads its operation back, and its lock still holds', async () => {
    const operations = new OperationRepository(store);
    const [op] = await operations.latest('lab');
    expect(op).toMatchObject({
      kind: 'provision',
      state: 'planned',
      params: { region: 'swedencentral' },
      steps: [{ id: 'resource-group', title: 'Resource group', status: 'done' }],
      requesterName: 'Ada',
    });
    if (!op) throw new Error('no operation in the fixture');
    const other = await operations.create({
      kind: 'cleanup',
      environment: 'lab',
      params: {},
      steps: [],
      requesterId: 'aad-2',
      requesterName: undefined,
      conversationId: 'a:fixture-personal',
      ttlMs: 60_000,
    });
    expect((await operations.acquireLock('lab', other))?.id).toBe(op.id);
  });
});
