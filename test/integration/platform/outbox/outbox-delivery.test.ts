import { afterEach, describe, expect, it } from 'vitest';
import { createAdapter } from '../../../../src/bot/adapter';
import { ProactiveMessenger } from '../../../../src/bot/conversations';
import { loadConfig } from '../../../../src/config';
import { createLogger } from '../../../../src/platform/logging/logger';
import { OutboxDispatcher } from '../../../../src/platform/outbox/outbox-dispatcher';
import { OutboxRepository } from '../../../../src/platform/outbox/outbox-repository';
import { ConversationRepository } from '../../../../src/platform/store/conversation-repository';
import type { Store, StoreKind } from '../../../../src/platform/store/store';
import { FakeTeamsConnector } from '../../../fakes/teams-connector';
import { channelConversation } from '../../../support/channel-conversation';
import { openTestStore, STORE_KINDS, type TestStore } from '../../../support/test-store';

const log = createLogger('silent');
const text = (t: string) => ({ kind: 'text' as const, text: t });

interface Rig {
  store: Store;
  stores: TestStore[];
  connector: FakeTeamsConnector;
  repo: OutboxRepository;
  conversations: ConversationRepository;
  dispatcher: OutboxDispatcher;
  /** Services whose 429 the adapter's connector clients reported, one entry per 429. */
  throttled: string[];
}

const rigs: Rig[] = [];

/**
 * The outbox on `kind`; the conversation records the messenger reads stay in SQLite until their
 * repository moves (on SQLite, in the same file as in the bot).
 */
async function rig(
  kind: StoreKind,
  channels: number,
  connector = new FakeTeamsConnector({ enforceLimits: true }),
): Promise<Rig> {
  await connector.start();
  const stores = [await openTestStore(kind)];
  const store = stores[0]!.store;
  const conversations = new ConversationRepository(store);
  for (let i = 0; i < channels; i++) {
    await conversations.capture(channelConversation(`19:ch${i}@thread.tacv2`, connector.url));
  }
  const throttled: string[] = [];
  const adapter = createAdapter(loadConfig({ LOG_LEVEL: 'silent' }), log, {
    throttled: (service) => throttled.push(service),
  });
  const messenger = new ProactiveMessenger(adapter, '', conversations, log);
  const repo = new OutboxRepository(store);
  const dispatcher = new OutboxDispatcher(repo, messenger, log, { maxBackoffMs: 2_000 });
  const r = { store, stores, connector, repo, conversations, dispatcher, throttled };
  rigs.push(r);
  return r;
}

afterEach(async () => {
  for (const r of rigs.splice(0)) {
    await r.dispatcher.stop();
    for (const s of r.stores) await s.dispose();
    await r.connector.stop();
  }
});

describe.each(STORE_KINDS)('outbox delivery through the real connector client on %s', (kind) => {
  it('posts one root per channel, then threads replies and updates under it', async () => {
    const r = await rig(kind, 3);
    for (let i = 0; i < 3; i++) {
      const conv = `19:ch${i}@thread.tacv2`;
      await r.repo.enqueue({
        key: `alert-${i}`,
        conversationId: conv,
        kind: 'post',
        payload: text(`alert ${i}`),
      });
      await r.repo.enqueue({
        key: `alert-${i}-reply`,
        conversationId: conv,
        kind: 'reply',
        parentKey: `alert-${i}`,
        payload: text('still drifting'),
      });
      await r.repo.enqueue({
        key: `alert-${i}-ack`,
        conversationId: conv,
        kind: 'update',
        parentKey: `alert-${i}`,
        payload: text('acknowledged'),
      });
    }
    expect(
      await r.repo.enqueue({
        key: 'alert-0',
        conversationId: '19:ch0@thread.tacv2',
        kind: 'post',
        payload: text('dup'),
      }),
    ).toBe(false);
    await r.dispatcher.start();
    await r.dispatcher.drain();
    const posts = r.connector.delivered('POST').filter((q) => q.path === '/v3/conversations');
    expect(posts).toHaveLength(3);
    const root = await r.repo.get('alert-1');
    expect(root?.status).toBe('delivered');
    expect(root?.resultConversationId).toMatch(/^19:ch1@thread\.tacv2;messageid=\d+$/);
    const reply = r.connector
      .delivered('POST')
      .find((q) => q.conversationId === root?.resultConversationId);
    expect(reply?.body.text).toBe('still drifting');
    const update = r.connector
      .delivered('PUT')
      .find((q) => q.conversationId === root?.resultConversationId);
    expect(update?.path.endsWith(`/activities/${root?.resultActivityId}`)).toBe(true);
    expect((await r.repo.counts()).delivered).toBe(9);
  });

  it('paces a fan-out under the Teams limits and survives injected 429s without duplicates', async () => {
    const connector = new FakeTeamsConnector({ enforceLimits: true, random429Rate: 0.05 });
    const r = await rig(kind, 60, connector);
    for (let i = 0; i < 60; i++) {
      await r.repo.enqueue({
        key: `a-${i}`,
        conversationId: `19:ch${i}@thread.tacv2`,
        kind: 'post',
        payload: text(`alert ${i}`),
      });
    }
    // Ten messages to one thread exceed its 7-per-second limit unless paced.
    for (let j = 0; j < 10; j++) {
      await r.repo.enqueue({
        key: `burst-${j}`,
        conversationId: '19:ch0@thread.tacv2',
        kind: 'send',
        payload: text(`burst ${j}`),
      });
    }
    await r.dispatcher.start();
    await r.dispatcher.drain();
    const perChannel = new Map<string, number>();
    for (const q of connector.delivered('POST').filter((x) => x.path === '/v3/conversations')) {
      const ch = (q.body.channelData as { channel: { id: string } }).channel.id;
      perChannel.set(ch, (perChannel.get(ch) ?? 0) + 1);
    }
    expect(perChannel.size).toBe(60);
    expect([...perChannel.values()].every((n) => n === 1)).toBe(true);
    expect(
      connector.delivered('POST').filter((q) => q.conversationId === '19:ch0@thread.tacv2'),
    ).toHaveLength(10);
    expect(connector.limitViolations).toBe(0);
    expect(await r.repo.counts()).toMatchObject({ delivered: 70, failed: 0, dead: 0 });
    // Every 429 Teams answered is counted (llmops_throttled_total{service="teams"}).
    expect(r.throttled).toEqual(Array<string>(connector.injected429).fill('teams'));
  });

  it('a process started right after another one sent a burst stays within the tenant limit', async () => {
    const r = await rig(kind, 96);
    const post = (i: number) =>
      r.repo.enqueue({
        key: `b-${i}`,
        conversationId: `19:ch${i}@thread.tacv2`,
        kind: 'post',
        payload: text(`alert ${i}`),
      });
    for (let i = 0; i < 48; i++) await post(i);
    await r.dispatcher.start();
    await r.dispatcher.drain();
    // The first process dies with one send still open; the next starts at once with an empty
    // limiter, so only the persisted send log can tell it the tenant window is already full.
    await r.dispatcher.stop();
    await r.repo.sends.start(r.store.db, '19:ch0@thread.tacv2', Date.now(), {
      replica: 'dead',
      until: Date.now() - 1,
    });
    for (let i = 48; i < 96; i++) await post(i);
    const adapter = createAdapter(loadConfig({ LOG_LEVEL: 'silent' }), log);
    const next = new OutboxDispatcher(
      new OutboxRepository(r.store),
      new ProactiveMessenger(adapter, '', r.conversations, log),
      log,
    );
    r.dispatcher = next;
    await next.start();
    await next.drain();
    expect((await r.repo.counts()).delivered).toBe(96);
    expect(r.connector.limitViolations).toBe(0);
  });

  it('dead-letters a conversation the bot was removed from and marks it inactive', async () => {
    const connector = new FakeTeamsConnector({ failing: new Map([['19:ch1@thread.tacv2', 403]]) });
    const r = await rig(kind, 2, connector);
    await r.repo.enqueue({
      key: 'ok',
      conversationId: '19:ch0@thread.tacv2',
      kind: 'send',
      payload: text('hi'),
    });
    await r.repo.enqueue({
      key: 'gone',
      conversationId: '19:ch1@thread.tacv2',
      kind: 'send',
      payload: text('hi'),
    });
    await r.dispatcher.start();
    await r.dispatcher.drain();
    expect((await r.repo.get('ok'))?.status).toBe('delivered');
    expect((await r.repo.get('gone'))?.status).toBe('dead');
    expect((await r.conversations.get('19:ch1@thread.tacv2'))?.active).toBe(false);
    expect((await r.conversations.counts()).inactive).toBe(1);
  });

  it('after a crash, interrupted updates are retried and interrupted posts are not repeated', async () => {
    const r = await rig(kind, 1);
    await r.repo.enqueue({
      key: 'root',
      conversationId: '19:ch0@thread.tacv2',
      kind: 'send',
      payload: text('root'),
    });
    await r.repo.enqueue({
      key: 'upd',
      conversationId: '19:ch0@thread.tacv2',
      kind: 'update',
      targetActivityId: '99',
      payload: text('new'),
    });
    // Simulate a process that died between claiming (status 'sending') and recording delivery.
    const dead = { replica: 'dead', until: Date.now() - 1 };
    expect(await r.repo.claim('root', 'a', dead)).toMatchObject({ kind: 'claimed' });
    expect(await r.repo.claim('upd', 'b', dead)).toMatchObject({ kind: 'claimed' });
    await r.dispatcher.start();
    await r.dispatcher.drain();
    expect((await r.repo.get('root'))?.status).toBe('uncertain');
    expect((await r.repo.get('upd'))?.status).toBe('delivered');
    expect(r.connector.delivered('POST')).toHaveLength(0);
    expect(r.connector.delivered('PUT')).toHaveLength(1);
  });
});
