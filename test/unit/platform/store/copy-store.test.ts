import { afterEach, describe, expect, it } from 'vitest';
import { copyStore } from '../../../../src/platform/store/copy-store';
import { openTestStore, type TestStore } from '../../../support/test-store';

const open: TestStore[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.dispose();
});

async function seeded() {
  const lite = await openTestStore('sqlite');
  open.push(lite);
  const db = lite.store.db;
  await db
    .insertInto('audit_log')
    .values(
      [1, 2, 3].map((i) => ({
        at: 1_780_000_000_000 + i,
        actor_id: `u${i}`,
        actor_name: null,
        conversation_id: 'c1',
        action: 'provision',
        plan: null,
        result: 'ok',
        detail: `d${i}`,
        duration_ms: i,
      })),
    )
    .execute();
  await db
    .insertInto('conversations')
    .values({
      conversation_id: 'c1',
      service_url: 'https://smba.example/',
      channel_id: 'msteams',
      tenant_id: 't',
      team_id: null,
      teams_channel_id: null,
      conversation_type: 'channel',
      bot_id: 'b',
      bot_name: 'LLMOps',
      locale: 'fr-FR',
      active: 1,
      inactive_reason: null,
      welcomed_at: null,
      created_at: 1,
      updated_at: 2,
    })
    .execute();
  await db
    .insertInto('chat_sessions')
    .values({
      conversation_id: 'c1',
      user_id: 'u1',
      target: null,
      system_prompt: 'Sois bref. «ok»',
      temperature: 0.25,
      max_tokens: 200,
      history: '[{"role":"user","content":"é"}]',
      started_at: 10,
      updated_at: 11,
    })
    .execute();
  return lite;
}

describe('copyStore (SQLite → PostgreSQL)', () => {
  it('copies every table, keeps values exactly, and reports counts', async () => {
    const lite = await seeded();
    const pg = await openTestStore('postgres');
    open.push(pg);
    const result = await copyStore(lite.store, pg.store);
    const byTable = Object.fromEntries(result.map((r) => [r.table, r]));
    expect(byTable.audit_log).toEqual({ table: 'audit_log', source: 3, copied: 3, target: 3 });
    expect(byTable.conversations?.target).toBe(1);
    expect(result.map((r) => r.table)).toContain('outbox');
    expect(await pg.store.db.selectFrom('chat_sessions').selectAll().execute()).toEqual(
      await lite.store.db.selectFrom('chat_sessions').selectAll().execute(),
    );
    expect(await pg.store.db.selectFrom('audit_log').selectAll().orderBy('id').execute()).toEqual(
      await lite.store.db.selectFrom('audit_log').selectAll().orderBy('id').execute(),
    );
    // New rows get ids after the copied ones.
    const next = await pg.store.db
      .insertInto('audit_log')
      .values({
        at: 5,
        actor_id: 'u9',
        actor_name: null,
        conversation_id: null,
        action: 'x',
        plan: null,
        result: 'ok',
        detail: null,
        duration_ms: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(next.id).toBe(4);
  });

  it('is idempotent: a second run copies nothing and overwrites nothing', async () => {
    const lite = await seeded();
    const pg = await openTestStore('postgres');
    open.push(pg);
    await copyStore(lite.store, pg.store);
    await pg.store.db.updateTable('conversations').set({ locale: 'en-US' }).execute();
    const again = await copyStore(lite.store, pg.store);
    expect(again.every((r) => r.copied === 0)).toBe(true);
    expect(again.find((r) => r.table === 'audit_log')).toMatchObject({ source: 3, target: 3 });
    const conv = await pg.store.db.selectFrom('conversations').select('locale').executeTakeFirst();
    expect(conv?.locale).toBe('en-US');
  });
});
