import { copyFileSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreReadiness } from '../../../../src/platform/health/store-readiness';
import { createLogger } from '../../../../src/platform/logging/logger';
import { openSqliteStore } from '../../../../src/platform/store/sqlite-store';
import { startHarness, type Harness } from '../../../support/bot-harness';

let h: Harness | undefined;
let dir: string | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const readyz = async (bot: Harness) => {
  const res = await bot.request('GET', '/readyz');
  return { status: res.status, body: res.body as { status: string; reason?: string } };
};

describe('/readyz checks the store for real', () => {
  it('turns 503 with a reason when the database file is deleted under the running bot', async () => {
    h = await startHarness();
    expect(await readyz(h)).toEqual({ status: 200, body: { status: 'ready' } });
    rmSync(path.join(h.dataDir, 'bot.sqlite'));
    const after = await readyz(h);
    expect(after.status).toBe(503);
    expect(after.body.reason).toMatch(/bot\.sqlite is gone/);
    expect(h.logs.some((l) => l.msg === 'store not ready')).toBe(true);
  });

  it('turns 503 when the database file is replaced by another one', async () => {
    h = await startHarness();
    const file = path.join(h.dataDir, 'bot.sqlite');
    copyFileSync(file, `${file}.copy`);
    renameSync(`${file}.copy`, file);
    const after = await readyz(h);
    expect(after.status).toBe(503);
    expect(after.body.reason).toMatch(/bot\.sqlite was replaced/);
  });

  it('is not ready while the store cannot grow (SQLITE_FULL), and ready again after', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'llmops-readiness-'));
    const store = openSqliteStore(dir);
    const db = store.sqlite;
    try {
      const readiness = new StoreReadiness(store, createLogger('silent'));
      const version = db.pragma('user_version', { simple: true });
      expect(await readiness.check()).toEqual({ ok: true });
      const pages = db.pragma('page_count', { simple: true }) as number;
      // The same SQLITE_FULL a full disk gives, without filling one.
      db.pragma(`max_page_count = ${pages}`);
      expect(await readiness.check()).toEqual({
        ok: false,
        reason: 'the store cannot be written: the disk or database is full',
      });
      db.pragma(`max_page_count = ${pages * 1000}`);
      expect(await readiness.check()).toEqual({ ok: true });
      // The probe leaves nothing behind.
      expect(db.pragma('user_version', { simple: true })).toBe(version);
      expect(db.pragma('page_count', { simple: true })).toBe(pages);
      expect(
        db.prepare("SELECT name FROM sqlite_schema WHERE name = 'readiness_probe'").all(),
      ).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
