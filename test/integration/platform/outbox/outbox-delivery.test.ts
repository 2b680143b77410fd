import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAdapter } from '../../../../src/bot/adapter';
import { ProactiveMessenger } from '../../../../src/bot/conversations';
import { loadConfig } from '../../../../src/config';
import { createLogger } from '../../../../src/platform/logging/logger';
import { OutboxDispatcher } from '../../../../src/platform/outbox/outbox-dispatcher';
import { OutboxRepository } from '../../../../src/platform/outbox/outbox-repository';
import { ConversationRepository } from '../../../../src/platform/store/conversation-repository';
import type { Database } from '../../../../src/platform/store/database';
import { openSqliteStore } from '../../../../src/platform/store/sqlite-store';
import { FakeTeamsConnector } from '../../../fakes/teams-connector';

const log = createLogger('silent');
const text = (t: string) => ({ kind: 'text' as const, text: t });

interface Rig {
  db: Database;
  dir: string;
  connector: FakeTeamsConnector;
  repo: OutboxRepository;
  conversations: ConversationRepository;
  dispatcher: OutboxDispatcher;
}

const rigs: Rig[] = [];

async function rig(
  channels: number,
  connector = new FakeTeamsConnector({ enforceLimits: true }),
): Promise<Rig> {
  await connector.start();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'outbox-'));
  const store = openSqliteStore(dir);
  const db = store.sqlite;
  const conversations = new ConversationRepository(store);
  for (let i = 0; i < channels; i++) {
    await conversations.capture({
      conversationId: `19:ch${i}@thread.tacv2`,
      serviceUrl: connector.url,
      channelId: 'msteams',
      tenantId: 't1',
      teamId: '19:team@thread.tacv2',
      teamsChannelId: `19:ch${i}@thread.tacv2`,
      conversationType: 'channel',
      botId: '28:bot',
      botName: 'LLMOps Bot',
      locale: 'en-US',
    });
  }
  const adapter = createAdapter(loadConfig({ LOG_LEVEL: 'silent' }), log);
  const messenger = new ProactiveMessenger(adapter, '', conversations, log);
  const repo = new OutboxRepository(db);
  const dispatcher = new OutboxDispatcher(repo, messenger, log, { maxBackoffMs: 2_000 });
  const r = { db, dir, connector, repo, conversations, dispatcher };
  rigs.push(r);
  return r;
}

afterEach(async () => {
  for (const r of rigs.splice(0)) {
    await r.dispatcher.stop();
    r.db.close();
    await r.connector.stop();
    rmSync(r.dir, { recursive: true, force: true });
  }
});

describe('outbox delivery through the real connector client', () => {
  it('posts one root per channel, then threads replies and updates under it', async () => {
    const r = await rig(3);
    for (let i = 0; i < 3; i++) {
      const conv = `19:ch${i}@thread.tacv2`;
      r.repo.enqueue({
        key: `alert-${i}`,
        conversationId: conv,
        kind: 'post',
        payload: text(`alert ${i}`),
      });
      r.repo.enqueue({
        key: `alert-${i}-reply`,
        conversationId: conv,
        kind: 'reply',
        parentKey: `alert-${i}`,
        payload: text('still drifting'),
      });
      r.repo.enqueue({
        key: `alert-${i}-ack`,
        conversationId: conv,
        kind: 'update',
        parentKey: `alert-${i}`,
        payload: text('acknowledged'),
      });
    }
    expect(
      r.repo.enqueue({
        key: 'alert-0',
        conversationId: '19:ch0@thread.tacv2',
        kind: 'post',
        payload: text('dup'),
      }),
    ).toBe(false);
    r.dispatcher.start();
    await r.dispatcher.drain();
    const posts = r.connector.delivered('POST').filter((q) => q.path === '/v3/conversations');
    expect(posts).toHaveLength(3);
    const root = r.repo.get('alert-1');
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
    expect(r.repo.counts().delivered).toBe(9);
  });

  it('paces a fan-out under the Teams limits and survives injected 429s without duplicates', async () => {
    const connector = new FakeTeamsConnector({ enforceLimits: true, random429Rate: 0.05 });
    const r = await rig(60, connector);
    for (let i = 0; i < 60; i++) {
      r.repo.enqueue({
        key: `a-${i}`,
        conversationId: `19:ch${i}@thread.tacv2`,
        kind: 'post',
        payload: text(`alert ${i}`),
      });
    }
    // Ten messages to one thread exceed its 7-per-second limit unless paced.
    for (let j = 0; j < 10; j++) {
      r.repo.enqueue({
        key: `burst-${j}`,
        conversationId: '19:ch0@thread.tacv2',
        kind: 'send',
        payload: text(`burst ${j}`),
      });
    }
    r.dispatcher.start();
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
    expect(r.repo.counts()).toMatchObject({ delivered: 70, failed: 0, dead: 0 });
  });

  it('a process started right after another one sent a burst stays within the tenant limit', async () => {
    const r = await rig(96);
    const post = (i: number) =>
      r.repo.enqueue({
        key: `b-${i}`,
        conversationId: `19:ch${i}@thread.tacv2`,
        kind: 'post',
        payload: text(`alert ${i}`),
      });
    for (let i = 0; i < 48; i++) post(i);
    r.dispatcher.start();
    await r.dispatcher.drain();
    // The first process dies with one send still open; the next starts at once with an empty
    // limiter, so only the persisted send log can tell it the tenant window is already full.
    r.repo.sends.start('19:ch0@thread.tacv2', Date.now());
    await r.dispatcher.stop();
    for (let i = 48; i < 96; i++) post(i);
    const adapter = createAdapter(loadConfig({ LOG_LEVEL: 'silent' }), log);
    const next = new OutboxDispatcher(
      new OutboxRepository(r.db),
      new ProactiveMessenger(adapter, '', r.conversations, log),
      log,
    );
    r.dispatcher = next;
    next.start();
    await next.drain();
    expect(r.repo.counts().delivered).toBe(96);
    expect(r.connector.limitViolations).toBe(0);
  });

  it('dead-letters a conversation the bot was removed from and marks it inactive', async () => {
    const connector = new FakeTeamsConnector({ failing: new Map([['19:ch1@thread.tacv2', 403]]) });
    const r = await rig(2, connector);
    r.repo.enqueue({
      key: 'ok',
      conversationId: '19:ch0@thread.tacv2',
      kind: 'send',
      payload: text('hi'),
    });
    r.repo.enqueue({
      key: 'gone',
      conversationId: '19:ch1@thread.tacv2',
      kind: 'send',
      payload: text('hi'),
    });
    r.dispatcher.start();
    await r.dispatcher.drain();
    expect(r.repo.get('ok')?.status).toBe('delivered');
    expect(r.repo.get('gone')?.status).toBe('dead');
    expect((await r.conversations.get('19:ch1@thread.tacv2'))?.active).toBe(false);
    expect((await r.conversations.counts()).inactive).toBe(1);
  });

  it('after a crash, interrupted updates are retried and interrupted posts are not repeated', async () => {
    const r = await rig(1);
    r.repo.enqueue({
      key: 'root',
      conversationId: '19:ch0@thread.tacv2',
      kind: 'send',
      payload: text('root'),
    });
    r.repo.enqueue({
      key: 'upd',
      conversationId: '19:ch0@thread.tacv2',
      kind: 'update',
      targetActivityId: '99',
      payload: text('new'),
    });
    // Simulate a process that died between claiming (status 'sending') and recording delivery.
    expect(r.repo.claim('root')).toBe(true);
    expect(r.repo.claim('upd')).toBe(true);
    r.dispatcher.start();
    await r.dispatcher.drain();
    expect(r.repo.get('root')?.status).toBe('uncertain');
    expect(r.repo.get('upd')?.status).toBe('delivered');
    expect(r.connector.delivered('POST')).toHaveLength(0);
    expect(r.connector.delivered('PUT')).toHaveLength(1);
  });
});
