import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStoreCommand, type StoreCommandIo } from '../../../src/cli/store-command';
import { loadConfig } from '../../../src/config';
import { openSqliteStore } from '../../../src/platform/store/sqlite-store';
import { createTestDatabase, SUPERUSER_PASSWORD_FOR_TESTS } from '../../support/test-store';

let dir: string;
let database: Awaited<ReturnType<typeof createTestDatabase>>;

function io(env: Record<string, string> = {}) {
  const out = { stdout: '', stderr: '' };
  const value: StoreCommandIo = {
    stdout: (t) => void (out.stdout += t),
    stderr: (t) => void (out.stderr += t),
    config: () => loadConfig({ NODE_ENV: 'test', DATA_DIR: dir, ...env }),
    azureCredential: () => {
      throw new Error('no Azure identity in this test');
    },
  };
  return { io: value, out };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'store-cli-'));
  const store = openSqliteStore(dir);
  await store.db
    .insertInto('subscriptions')
    .values({
      id: 's1',
      kind: 'drift',
      conversation_id: 'c1',
      target: 'm',
      params: '{}',
      cron: '0 * * * *',
      timezone: 'UTC',
      created_by: 'u1',
      created_at: 1,
    })
    .execute();
  await store.close();
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('llmops-bot store copy', () => {
  it('copies DATA_DIR into --to, prints a count per table, and a second run copies nothing', async () => {
    const first = io();
    expect(await runStoreCommand(['copy', '--to', database.url], first.io)).toBe(0);
    expect(first.out.stdout).toMatch(/^subscriptions\s+1\s+1\s+1$/m);
    expect(first.out.stdout).toMatch(
      /Done: \d+ rows copied into postgres:\/\/postgres@127\.0\.0\.1:\d+\/t_/,
    );
    expect(first.out.stdout + first.out.stderr).not.toContain(SUPERUSER_PASSWORD_FOR_TESTS);
    const second = io({ DATABASE_URL: database.url });
    expect(await runStoreCommand(['copy'], second.io)).toBe(0);
    expect(second.out.stdout).toMatch(/^subscriptions\s+1\s+0\s+1$/m);
    expect(second.out.stdout).toContain('Done: 0 rows copied');
  });

  it('says what to do when the target or the data folder is missing', async () => {
    const noTarget = io();
    expect(await runStoreCommand(['copy'], noTarget.io)).toBe(2);
    expect(noTarget.out.stderr).toContain('store copy needs --to postgres://');
    const noData = io();
    const empty = mkdtempSync(path.join(os.tmpdir(), 'store-cli-empty-'));
    try {
      expect(
        await runStoreCommand(['copy', '--to', database.url, '--data-dir', empty], noData.io),
      ).toBe(1);
      expect(noData.out.stderr).toMatch(/There is no embedded store at .*bot\.sqlite/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('fails clearly, without the password, when PostgreSQL refuses the login', async () => {
    const bad = new URL(database.url);
    bad.password = 'not-the-password';
    const run = io();
    expect(await runStoreCommand(['copy', '--to', bad.toString()], run.io)).toBe(1);
    expect(run.out.stderr).toMatch(
      /store copy failed \(postgres:\/\/postgres@.*\): password authentication failed/,
    );
    expect(run.out.stderr).not.toContain('not-the-password');
  });
});
