import { afterEach, describe, expect, it } from 'vitest';
import { createAdapter } from '../../../../src/bot/adapter';
import { ProactiveMessenger } from '../../../../src/bot/conversations';
import { loadConfig } from '../../../../src/config';
import { createLogger } from '../../../../src/platform/logging/logger';
import { OutboxDispatcher } from '../../../../src/platform/outbox/outbox-dispatcher';
import { OutboxRepository } from '../../../../src/platform/outbox/outbox-repository';
import type { ProactiveSender } from '../../../../src/platform/outbox/proactive-sender';
import { ConversationRepository } from '../../../../src/platform/store/conversation-repository';
import { openPostgresStore } from '../../../../src/platform/store/postgres-store';
import { FakeTeamsConnector } from '../../../fakes/teams-connector';
import { channelConversation } from '../../../support/channel-conversation';
import { createTestDatabase } from '../../../support/test-store';

const log = createLogger('silent');
const CHANNELS = 120;
const channel = (i: number) => `19:ch${i}@thread.tacv2`;
const text = (t: string) => ({ kind: 'text' as const, text: t });

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

/** Counts what one replica sent, passing every call on to the real messenger. */
function counted(sender: ProactiveSender): { sender: ProactiveSender; sent: () => number } {
  let n = 0;
  return {
    sender: {
      send: (c, r) => (n++, sender.send(c, r)),
      update: (c, a, r) => (n++, sender.update(c, a, r)),
      postToChannel: (c, r) => (n++, sender.postToChannel(c, r)),
    },
    sent: () => n,
  };
}

/** Two bot processes' worth of outbox on one PostgreSQL database, sending to one connector. */
async function twoReplicas(connector: FakeTeamsConnector) {
  await connector.start();
  cleanup.push(() => connector.stop());
  const database = await createTestDatabase();
  cleanup.push(() => database.drop());
  const shared = await openPostgresStore({ url: database.url, poolMax: 2 });
  cleanup.push(() => shared.close());
  const conversations = new ConversationRepository(shared);
  for (let i = 0; i < CHANNELS; i++) {
    await conversations.capture(channelConversation(channel(i), connector.url));
  }
  const replica = async (id: string) => {
    const store = await openPostgresStore({ url: database.url, poolMax: 4 });
    cleanup.push(() => store.close());
    const messenger = new ProactiveMessenger(
      createAdapter(loadConfig({ LOG_LEVEL: 'silent' }), log),
      '',
      conversations,
      log,
    );
    const count = counted(messenger);
    const repo = new OutboxRepository(store);
    const dispatcher = new OutboxDispatcher(repo, count.sender, log, {
      replicaId: id,
      maxBackoffMs: 2_000,
    });
    cleanup.push(() => dispatcher.stop());
    return { repo, dispatcher, sent: count.sent };
  };
  return [await replica('replica-a'), await replica('replica-b')] as const;
}

describe('two replicas on one PostgreSQL database behave as one bot', () => {
  it('send a burst to many conversations exactly once, within the tenant and thread limits', async () => {
    const connector = new FakeTeamsConnector({ enforceLimits: true });
    const [a, b] = await twoReplicas(connector);
    // A fan-out (one post per channel) plus a burst into one thread, above its 7-per-second limit.
    for (let i = 0; i < CHANNELS; i++)
      await a.repo.enqueue({
        key: `post-${i}`,
        conversationId: channel(i),
        kind: 'post',
        payload: text(`alert ${i}`),
      });
    for (let j = 0; j < 12; j++)
      await b.repo.enqueue({
        key: `burst-${j}`,
        conversationId: channel(0),
        kind: 'send',
        payload: text(`burst ${j}`),
      });
    const t0 = Date.now();
    await Promise.all([a.dispatcher.start(), b.dispatcher.start()]);
    await Promise.all([a.dispatcher.drain(), b.dispatcher.drain()]);
    const wall = Date.now() - t0;

    const perChannel = new Map<string, number>();
    for (const q of connector.delivered('POST').filter((x) => x.path === '/v3/conversations')) {
      const ch = (q.body.channelData as { channel: { id: string } }).channel.id;
      perChannel.set(ch, (perChannel.get(ch) ?? 0) + 1);
    }
    expect(perChannel.size).toBe(CHANNELS);
    expect([...perChannel.values()].every((n) => n === 1)).toBe(true);
    // The thread's messages arrive once each, in the order they were written.
    const burst = connector
      .delivered('POST')
      .filter((q) => q.conversationId === channel(0))
      .map((q) => (q.body as { text?: string }).text);
    expect(burst).toEqual(Array.from({ length: 12 }, (_, j) => `burst ${j}`));
    expect(connector.limitViolations).toBe(0);
    expect(await a.repo.counts()).toMatchObject({ delivered: CHANNELS + 12, pending: 0 });
    // Both replicas took part, and together they kept to one bot's budget (48 per second).
    expect(a.sent()).toBeGreaterThan(0);
    expect(b.sent()).toBeGreaterThan(0);
    expect(a.sent() + b.sent()).toBe(CHANNELS + 12);
    expect(wall).toBeGreaterThanOrEqual(Math.floor((CHANNELS + 12 - 1) / 48) * 1_000);
  }, 60_000);

  it("leaves a live replica's claims alone and recovers a dead one's when its lease runs out", async () => {
    const connector = new FakeTeamsConnector();
    const [a, b] = await twoReplicas(connector);
    for (const key of ['alive', 'dead-post', 'dead-update'])
      await a.repo.enqueue({
        key,
        conversationId: channel(1),
        kind: key === 'dead-update' ? 'update' : 'send',
        ...(key === 'dead-update' ? { targetActivityId: '7' } : {}),
        payload: text(key),
      });
    const now = Date.now();
    await a.repo.claim('alive', 'x', { replica: 'elsewhere', until: now + 60_000 });
    await a.repo.claim('dead-post', 'y', { replica: 'gone', until: now - 1 });
    await a.repo.claim('dead-update', 'z', { replica: 'gone', until: now - 1 });
    await b.dispatcher.start();
    await b.dispatcher.drain();
    expect((await a.repo.get('alive'))?.status).toBe('sending');
    expect((await a.repo.get('dead-post'))?.status).toBe('uncertain');
    expect((await a.repo.get('dead-update'))?.status).toBe('delivered');
    expect(connector.delivered('PUT')).toHaveLength(1);
    expect(connector.delivered('POST')).toHaveLength(0);
  });
});
