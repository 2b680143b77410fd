import { afterEach, describe, expect, it } from 'vitest';
import {
  OutboxRepository,
  type Lease,
  type OutboxMessage,
} from '../../../../src/platform/outbox/outbox-repository';
import { openTestStore, STORE_KINDS, type TestStore } from '../../../support/test-store';

const T0 = 1_780_000_000_000;
const text = (t: string) => ({ kind: 'text' as const, text: t });
const msg = (key: string, extra: Partial<OutboxMessage> = {}): OutboxMessage => ({
  key,
  conversationId: '19:ch0@thread.tacv2',
  kind: 'send',
  payload: text(key),
  ...extra,
});
const lease = (until: number, replica = 'r1'): Lease => ({ replica, until });

describe.each(STORE_KINDS)('OutboxRepository on %s', (kind) => {
  const opened: TestStore[] = [];
  afterEach(async () => {
    for (const t of opened.splice(0)) await t.dispose();
  });
  const repo = async (now = () => T0): Promise<OutboxRepository> => {
    const t = await openTestStore(kind);
    opened.push(t);
    return new OutboxRepository(t.store, now);
  };

  it('stores a message once per key and reads it back as written', async () => {
    const r = await repo();
    const m = msg('a', { kind: 'update', parentKey: 'root', targetActivityId: '42' });
    expect(await r.enqueue(m)).toBe(true);
    expect(await r.enqueue({ ...m, payload: text('other') })).toBe(false);
    expect(await r.get('a')).toEqual({
      ...m,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: T0,
      lastError: undefined,
      resultConversationId: undefined,
      resultActivityId: undefined,
      createdAt: T0,
    });
    expect(await r.get('missing')).toBeUndefined();
  });

  it('lists due messages oldest first and knows when the next one is due', async () => {
    const r = await repo();
    await r.enqueue(msg('later'), T0 + 5_000);
    await r.enqueue(msg('b'), T0 - 10);
    await r.enqueue(msg('a'), T0 - 20);
    expect((await r.due(T0, 10)).map((x) => x.key)).toEqual(['a', 'b']);
    expect((await r.due(T0, 1)).map((x) => x.key)).toEqual(['a']);
    expect(await r.nextDueAt()).toBe(T0 - 20);
    expect(await r.counts()).toMatchObject({ pending: 3, sending: 0 });
  });

  it('drops only pending messages of a group', async () => {
    const r = await repo();
    for (const k of ['card:1', 'card:2', 'card:3', 'cart:1']) await r.enqueue(msg(k));
    await r.claim('card:3', 'x', lease(T0 + 1_000));
    expect(await r.dropPending('card:')).toBe(2);
    expect((await r.due(T0, 10)).map((x) => x.key)).toEqual(['cart:1']);
    expect((await r.get('card:3'))?.status).toBe('sending');
  });

  it('claims a due message once, with an attempt, a lease and an open send span', async () => {
    const r = await repo();
    await r.enqueue(msg('a'));
    await r.enqueue(msg('not-yet'), T0 + 60_000);
    const first = await r.claim('a', 't', lease(T0 + 30_000));
    expect(first).toMatchObject({ kind: 'claimed', row: { key: 'a', status: 'sending' } });
    expect(first.kind === 'claimed' && first.row.attempts).toBe(1);
    expect(await r.claim('a', 't', lease(T0 + 30_000, 'r2'))).toEqual({ kind: 'taken' });
    expect(await r.claim('not-yet', 'u', lease(T0 + 30_000))).toEqual({ kind: 'taken' });
    // The thread has a send in flight: its next message waits for the answer.
    await r.enqueue(msg('b'));
    expect(await r.claim('b', 't', lease(T0 + 30_000))).toEqual({ kind: 'busy' });
    if (first.kind === 'claimed') await r.sends.complete(first.sendId, T0 + 5);
    expect(await r.claim('b', 't', lease(T0 + 30_000))).toMatchObject({ kind: 'claimed' });
  });

  it('records outcomes and releases the claim', async () => {
    const r = await repo();
    for (const k of ['ok', 'retry', 'gone']) await r.enqueue(msg(k));
    for (const k of ['ok', 'retry', 'gone']) await r.claim(k, k, lease(T0 + 30_000));
    await r.markDelivered('ok', { conversationId: 'c;messageid=1', activityId: '1' });
    await r.reschedule('retry', T0 + 500, 'HTTP 429');
    await r.finish('gone', 'dead', 'HTTP 403');
    expect(await r.get('ok')).toMatchObject({
      status: 'delivered',
      resultConversationId: 'c;messageid=1',
      resultActivityId: '1',
    });
    expect(await r.get('retry')).toMatchObject({
      status: 'pending',
      nextAttemptAt: T0 + 500,
      lastError: 'HTTP 429',
      attempts: 1,
    });
    expect(await r.get('gone')).toMatchObject({ status: 'dead', lastError: 'HTTP 403' });
    expect(await r.counts()).toEqual({
      pending: 1,
      sending: 0,
      delivered: 1,
      failed: 0,
      dead: 1,
      uncertain: 0,
    });
  });

  it('recovers only claims whose lease ran out: updates retried, new messages uncertain', async () => {
    const r = await repo();
    await r.enqueue(msg('post', { kind: 'post' }));
    await r.enqueue(msg('upd', { kind: 'update', targetActivityId: '9' }));
    await r.enqueue(msg('live'));
    await r.claim('post', 'a', lease(T0 + 1_000, 'dead'));
    await r.claim('upd', 'b', lease(T0 + 1_000, 'dead'));
    await r.claim('live', 'c', lease(T0 + 9_000, 'alive'));
    expect(await r.recoverInterrupted(T0 + 999)).toEqual({ retried: 0, uncertain: 0 });
    expect(await r.recoverInterrupted(T0 + 1_001)).toEqual({ retried: 1, uncertain: 1 });
    expect(await r.get('post')).toMatchObject({
      status: 'uncertain',
      lastError: 'interrupted during send',
    });
    expect((await r.get('upd'))?.status).toBe('pending');
    expect((await r.get('live'))?.status).toBe('sending');
    // The dead replica's spans end now; the live one's stays open.
    expect(await r.sends.closeAbandoned(T0 + 1_001, T0 + 1_001)).toBe(2);
    expect(await r.claim('live-2', 'c', lease(T0 + 9_000))).toEqual({ kind: 'taken' });
  });

  it('renews the leases of what a replica has in flight', async () => {
    const r = await repo();
    await r.enqueue(msg('a'));
    await r.claim('a', 'a', lease(T0 + 1_000));
    await r.renew(lease(T0 + 60_000));
    expect(await r.recoverInterrupted(T0 + 30_000)).toEqual({ retried: 0, uncertain: 0 });
    expect(await r.sends.closeAbandoned(T0 + 30_000, T0 + 30_000)).toBe(0);
    expect(await r.recoverInterrupted(T0 + 60_001)).toEqual({ retried: 0, uncertain: 1 });
  });
});

describe.each(STORE_KINDS)('OutboxRepository inside a transaction on %s', (kind) => {
  let t: TestStore | undefined;
  afterEach(async () => {
    await t?.dispose();
  });

  it('commits messages with the transaction, and a rollback leaves neither message nor drop', async () => {
    t = await openTestStore(kind);
    const store = t.store;
    const r = new OutboxRepository(store, () => T0);
    await r.enqueue(msg('card:1', { kind: 'update', targetActivityId: '42' }));
    await expect(
      store.db.transaction().execute(async (trx) => {
        await r.dropPending('card:', trx);
        await r.enqueue(msg('card:2', { kind: 'update', targetActivityId: '42' }), T0, trx);
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');
    expect((await r.get('card:1'))?.status).toBe('pending');
    expect(await r.get('card:2')).toBeUndefined();

    await store.db.transaction().execute(async (trx) => {
      await r.dropPending('card:', trx);
      await r.enqueue(msg('card:2', { kind: 'update', targetActivityId: '42' }), T0, trx);
    });
    expect(await r.get('card:1')).toBeUndefined();
    expect((await r.get('card:2'))?.status).toBe('pending');
  });
});
