import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ConversationRepository,
  type ConversationCapture,
} from '../../../../src/platform/store/conversation-repository';
import { openPostgresStore } from '../../../../src/platform/store/postgres-store';
import {
  createTestDatabase,
  openTestStore,
  STORE_KINDS,
  type TestStore,
} from '../../../support/test-store';

const channelCapture: ConversationCapture = {
  conversationId: '19:alerts@thread.tacv2',
  serviceUrl: 'https://smba.example/emea/',
  channelId: 'msteams',
  tenantId: 'tenant-1',
  teamId: '19:team@thread.tacv2',
  teamsChannelId: '19:alerts@thread.tacv2',
  conversationType: 'channel',
  botId: '28:bot',
  botName: 'LLMOps Bot',
  locale: 'en-US',
};

describe.each(STORE_KINDS)('%s', (kind) => {
  let t: TestStore;
  let clock: number;
  let repo: ConversationRepository;

  beforeEach(async () => {
    t = await openTestStore(kind);
    clock = 1_000;
    repo = new ConversationRepository(t.store, () => clock);
  });
  afterEach(async () => {
    await t.dispose();
  });

  describe('ConversationRepository.capture', () => {
    it('inserts a new record and returns exactly what get() reads back', async () => {
      const saved = await repo.capture(channelCapture);
      expect(saved).toEqual({
        ...channelCapture,
        active: true,
        inactiveReason: undefined,
        welcomedAt: undefined,
        createdAt: 1_000,
        updatedAt: 1_000,
      });
      expect(await repo.get(channelCapture.conversationId)).toEqual(saved);
    });

    it('refreshes an existing record: new serviceUrl, kept optional fields, reactivated', async () => {
      await repo.capture(channelCapture);
      await repo.markInactive(channelCapture.conversationId, 'HTTP 403 on send');
      expect((await repo.get(channelCapture.conversationId))?.active).toBe(false);

      clock = 2_000;
      const refreshed = await repo.capture({
        ...channelCapture,
        serviceUrl: 'https://smba.example/amer/',
        tenantId: undefined,
        teamId: undefined,
        teamsChannelId: undefined,
        botName: undefined,
        locale: undefined,
      });
      expect(refreshed).toMatchObject({
        serviceUrl: 'https://smba.example/amer/',
        tenantId: 'tenant-1',
        teamId: '19:team@thread.tacv2',
        teamsChannelId: '19:alerts@thread.tacv2',
        botName: 'LLMOps Bot',
        locale: 'en-US',
        active: true,
        inactiveReason: undefined,
        createdAt: 1_000,
        updatedAt: 2_000,
      });
      expect(await repo.get(channelCapture.conversationId)).toEqual(refreshed);
    });

    it('keeps each conversation apart when the same statements run with other parameters', async () => {
      const personal: ConversationCapture = {
        ...channelCapture,
        conversationId: 'a:personal',
        conversationType: 'personal',
        teamId: undefined,
        teamsChannelId: undefined,
      };
      const first = clock + 1;
      for (let i = 0; i < 3; i++) {
        clock += 1;
        await repo.capture(channelCapture);
        await repo.capture(personal);
      }
      expect(await repo.get('a:personal')).toMatchObject({
        conversationType: 'personal',
        teamId: undefined,
        updatedAt: first,
      });
      expect((await repo.get(channelCapture.conversationId))?.conversationType).toBe('channel');
      expect(await repo.get('a:unknown')).toBeUndefined();
      expect(await repo.counts()).toEqual({ total: 2, inactive: 0 });

      await repo.markInactive('a:personal', 'HTTP 404 on send');
      expect(await repo.counts()).toEqual({ total: 2, inactive: 1 });
      expect((await repo.list({ activeOnly: true })).map((c) => c.conversationId)).toEqual([
        channelCapture.conversationId,
      ]);
      expect(await repo.list()).toHaveLength(2);
    });

    it('captures a thread and its channel in one call, each its own record', async () => {
      const thread = {
        ...channelCapture,
        conversationId: `${channelCapture.conversationId};messageid=7`,
      };
      const record = await repo.captureWithChannel(thread, channelCapture.conversationId);
      expect(record.conversationId).toBe(thread.conversationId);
      expect((await repo.list()).map((c) => c.conversationId).sort()).toEqual(
        [channelCapture.conversationId, thread.conversationId].sort(),
      );
      // Both fresh in the cache: the next turn writes nothing.
      clock += 5_000;
      await repo.captureWithChannel(thread, channelCapture.conversationId);
      expect((await repo.get(channelCapture.conversationId))?.updatedAt).toBe(1_000);
      // A "thread" that is the channel itself is one row, written once.
      clock += 30_000;
      const same = await repo.captureWithChannel(channelCapture, channelCapture.conversationId);
      expect(same).toMatchObject({
        conversationId: channelCapture.conversationId,
        updatedAt: clock,
      });
    });
  });

  describe('ConversationRepository language', () => {
    it('follows the last locale Teams sent until `language` pins one, and again after auto', async () => {
      const id = channelCapture.conversationId;
      await repo.capture({ ...channelCapture, locale: 'fr-CA' });
      expect(await repo.languageOf(id)).toBe('fr');
      await repo.setLanguage(id, 'en');
      // A later turn in French does not undo the pin.
      await repo.capture({ ...channelCapture, locale: 'fr-FR' });
      expect((await repo.get(id))?.languageOverride).toBe('en');
      expect(await repo.languageOf(id)).toBe('en');
      await repo.setLanguage(id, undefined);
      expect(await repo.languageOf(id)).toBe('fr');
      expect(await repo.languageOf('19:unknown@thread.tacv2')).toBe('en');
    });
  });

  describe('ConversationRepository.claimWelcome', () => {
    it('is true for the first caller only, and a later capture does not reset it', async () => {
      await repo.capture(channelCapture);
      expect(await repo.claimWelcome(channelCapture.conversationId)).toBe(true);
      expect(await repo.claimWelcome(channelCapture.conversationId)).toBe(false);
      clock = 5_000;
      expect((await repo.capture(channelCapture)).welcomedAt).toBe(1_000);
      expect(await repo.claimWelcome(channelCapture.conversationId)).toBe(false);
      expect(await repo.claimWelcome('a:never-captured')).toBe(false);
    });

    it('skips the write for an unchanged capture within 30 s, but not after a change or a local update', async () => {
      const t0 = clock;
      await repo.capture(channelCapture);
      clock += 10_000;
      await repo.capture(channelCapture);
      expect((await repo.get(channelCapture.conversationId))?.updatedAt).toBe(t0);
      clock += 1;
      await repo.capture({ ...channelCapture, locale: 'fr-FR' });
      expect(await repo.get(channelCapture.conversationId)).toMatchObject({
        locale: 'fr-FR',
        updatedAt: clock,
      });
      clock += 30_000;
      await repo.capture({ ...channelCapture, locale: 'fr-FR' });
      expect((await repo.get(channelCapture.conversationId))?.updatedAt).toBe(clock);
      // Marked inactive by a failed send: the next inbound turn must reactivate it at once.
      await repo.markInactive(channelCapture.conversationId, 'HTTP 403 on send');
      clock += 1;
      expect((await repo.capture({ ...channelCapture, locale: 'fr-FR' })).active).toBe(true);
      expect((await repo.get(channelCapture.conversationId))?.active).toBe(true);
    });
  });
});

describe('two replicas on one PostgreSQL database', () => {
  it("a capture keeps the other replica's welcome, and one welcome is claimed in all", async () => {
    const database = await createTestDatabase();
    const stores = await Promise.all(
      [0, 1].map(() => openPostgresStore({ url: database.url, poolMax: 2 })),
    );
    try {
      let clock = 1_000;
      const [a, b] = stores.map((s) => new ConversationRepository(s, () => clock));
      if (!a || !b) throw new Error('two stores expected');
      await a.capture(channelCapture);
      const claims = await Promise.all(
        [a, b, a, b].map((r) => r.claimWelcome(channelCapture.conversationId)),
      );
      expect(claims.filter(Boolean)).toHaveLength(1);
      clock = 2_000;
      const refreshed = await b.capture({
        ...channelCapture,
        serviceUrl: 'https://smba.example/amer/',
      });
      expect(refreshed).toMatchObject({
        welcomedAt: 1_000,
        serviceUrl: 'https://smba.example/amer/',
      });
      expect((await a.get(channelCapture.conversationId))?.welcomedAt).toBe(1_000);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
      await database.drop();
    }
  });
});
