import { afterEach, describe, expect, it } from 'vitest';
import {
  OutboxRepository,
  type ClaimResult,
} from '../../../../src/platform/outbox/outbox-repository';
import type { SendLimits } from '../../../../src/platform/outbox/rate-limiter';
import { openPostgresStore } from '../../../../src/platform/store/postgres-store';
import type { Store } from '../../../../src/platform/store/store';
import {
  createTestDatabase,
  openTestStore,
  STORE_KINDS,
  type TestStore,
} from '../../../support/test-store';

const T0 = 1_780_000_000_000;
/** Small windows, so a handful of sends fills them. */
const LIMITS: SendLimits = {
  thread: [{ windowMs: 1_000, max: 2 }],
  tenant: [{ windowMs: 1_000, max: 3 }],
};
const lease = { replica: 'r1', until: T0 + 60_000 };

/** Enqueues `key` for thread `thread`, claims it at `at`, and ends the send `took` ms later. */
async function send(
  r: OutboxRepository,
  key: string,
  thread: string,
  at: number,
  took = 10,
): Promise<ClaimResult> {
  await r.enqueue({
    key,
    conversationId: thread,
    kind: 'send',
    payload: { kind: 'text', text: key },
  });
  const claim = await r.claim(key, thread, lease, at);
  if (claim.kind === 'claimed') await r.sends.complete(claim.sendId, at + took);
  return claim;
}

describe.each(STORE_KINDS)('the shared send budget on %s', (kind) => {
  const opened: TestStore[] = [];
  afterEach(async () => {
    for (const t of opened.splice(0)) await t.dispose();
  });
  const repo = async (): Promise<OutboxRepository> => {
    const t = await openTestStore(kind);
    opened.push(t);
    return new OutboxRepository(t.store, () => T0, LIMITS);
  };

  it('holds a thread at its limit and moves its message down the queue', async () => {
    const r = await repo();
    expect((await send(r, 'a1', 't', T0)).kind).toBe('claimed');
    expect((await send(r, 'a2', 't', T0 + 20)).kind).toBe('claimed');
    // Both spans occupy the window until 1 s after they ended (T0 + 10, T0 + 30).
    expect(await send(r, 'a3', 't', T0 + 40)).toEqual({
      kind: 'wait',
      at: T0 + 10 + 1_000 + 1,
      tenant: false,
    });
    expect((await r.get('a3'))?.nextAttemptAt).toBe(T0 + 1_011);
    // Another thread is not held by it.
    expect((await send(r, 'b1', 'u', T0 + 50)).kind).toBe('claimed');
    expect((await r.claim('a3', 't', lease, T0 + 1_011)).kind).toBe('claimed');
  });

  it('holds every thread when the tenant budget is full, without deferring the message', async () => {
    const r = await repo();
    for (const [i, t] of ['a', 'b', 'c'].entries())
      expect((await send(r, t, t, T0 + i, 5)).kind).toBe('claimed');
    expect(await send(r, 'd', 'd', T0 + 10)).toEqual({
      kind: 'wait',
      at: T0 + 1_006,
      tenant: true,
    });
    expect((await r.get('d'))?.nextAttemptAt).toBe(T0);
    expect((await r.claim('d', 'd', lease, T0 + 1_006)).kind).toBe('claimed');
  });

  it('counts a send still in flight as present, and a dead one from when it was closed', async () => {
    const r = await repo();
    await r.enqueue({
      key: 'x',
      conversationId: 'x',
      kind: 'send',
      payload: { kind: 'text', text: 'x' },
    });
    await r.claim('x', 'x', { replica: 'dead', until: T0 + 100 }, T0);
    for (const t of ['a', 'b']) expect((await send(r, t, t, T0 + 5_000, 5)).kind).toBe('claimed');
    // Two ended sends and one long open: the open one counts as present.
    expect(await send(r, 'c', 'c', T0 + 5_010)).toEqual({
      kind: 'wait',
      at: T0 + 6_006,
      tenant: true,
    });
    // Its replica died; the send ends when that is noticed, and counts until 1 s after that.
    expect(await r.sends.closeAbandoned(T0 + 5_010, T0 + 5_010)).toBe(1);
    expect((await r.claim('c', 'c', lease, T0 + 6_006)).kind).toBe('claimed');
    expect((await send(r, 'd', 'd', T0 + 6_006)).kind).toBe('claimed');
    expect(await send(r, 'e', 'e', T0 + 6_008)).toEqual({
      kind: 'wait',
      at: T0 + 6_011,
      tenant: true,
    });
  });

  it('forgets sends outside every window', async () => {
    const r = await repo();
    await send(r, 'a', 'a', T0);
    await send(r, 'b', 'b', T0 + 5_000);
    expect(r.sends.horizonMs).toBe(1_000);
    expect(await r.sends.prune(T0 + 5_000 - r.sends.horizonMs)).toBe(1);
  });
});

/** Messages m0…m(n-1), each to its own thread c0…c(n-1). */
async function enqueueMany(r: OutboxRepository, n: number): Promise<void> {
  for (let i = 0; i < n; i++)
    await r.enqueue({
      key: `m${i}`,
      conversationId: `c${i}`,
      kind: 'send',
      payload: { kind: 'text', text: '' },
    });
}

describe('two replicas on one PostgreSQL database', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });
  const replicas = async (limits = LIMITS): Promise<[OutboxRepository, OutboxRepository]> => {
    const db = await createTestDatabase();
    cleanup.push(() => db.drop());
    const open = async (): Promise<Store> => {
      const store = await openPostgresStore({ url: db.url, poolMax: 4 });
      cleanup.push(() => store.close());
      return store;
    };
    const [a, b] = [await open(), await open()];
    return [new OutboxRepository(a, () => T0, limits), new OutboxRepository(b, () => T0, limits)];
  };

  it('never both claim one message', async () => {
    const [a, b] = await replicas({ ...LIMITS, tenant: [{ windowMs: 1_000, max: 100 }] });
    await enqueueMany(a, 20);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => [
        a.claim(`m${i}`, `c${i}`, { replica: 'a', until: T0 + 60_000 }, T0),
        b.claim(`m${i}`, `c${i}`, { replica: 'b', until: T0 + 60_000 }, T0),
      ]).flat(),
    );
    expect(results.filter((r) => r.kind === 'claimed')).toHaveLength(20);
    expect(results.filter((r) => r.kind === 'taken')).toHaveLength(20);
  });

  it('never both take the last slot of the tenant budget', async () => {
    const [a, b] = await replicas();
    await enqueueMany(a, 12);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        (i % 2 ? a : b).claim(
          `m${i}`,
          `c${i}`,
          { replica: i % 2 ? 'a' : 'b', until: T0 + 60_000 },
          T0,
        ),
      ),
    );
    expect(results.filter((r) => r.kind === 'claimed')).toHaveLength(3);
    expect(results.filter((r) => r.kind === 'wait')).toHaveLength(9);
  });
});
