import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  SubscriptionRepository,
  type SubscriptionInput,
} from '../../../../src/workflows/subscriptions/subscription-repository';
import { openTestStore, STORE_KINDS, type TestStore } from '../../../support/test-store';

const input = (o: Partial<SubscriptionInput> = {}): SubscriptionInput => ({
  kind: 'drift',
  conversationId: '19:alerts@thread.tacv2',
  target: 'gpt-test',
  params: { window: 1 },
  cron: '0 * * * *',
  timezone: 'UTC',
  sustained: 1,
  createdBy: 'admin',
  ...o,
});

describe.each(STORE_KINDS)('SubscriptionRepository on %s', (kind) => {
  let t: TestStore;
  let repo: SubscriptionRepository;
  let clock = 1_000;
  beforeEach(async () => {
    t = await openTestStore(kind);
    clock = 1_000;
    repo = new SubscriptionRepository(t.store, () => clock++);
  });
  afterEach(() => t.dispose());

  it('creates, then changes the same (kind, channel, target) instead of adding a twin', async () => {
    const first = await repo.upsert(input());
    expect(first.created).toBe(true);
    expect(first.subscription).toEqual({
      ...input(),
      id: first.subscription.id,
      enabled: true,
      createdAt: 1_000,
    });
    await repo.setEnabled(first.subscription.id, false);
    const again = await repo.upsert(input({ cron: '*/5 * * * *', params: { window: 2 } }));
    expect(again.created).toBe(false);
    expect(again.subscription).toMatchObject({
      id: first.subscription.id,
      cron: '*/5 * * * *',
      params: { window: 2 },
      enabled: true, // subscribing again resumes a paused subscription
      createdAt: 1_000,
    });
    expect(await repo.list()).toHaveLength(1);
  });

  it('two replicas subscribing the same channel at once end with one subscription', async () => {
    const other = new SubscriptionRepository(t.store);
    const results = await Promise.all([
      repo.upsert(input({ sustained: 2 })),
      other.upsert(input({ sustained: 3 })),
    ]);
    expect(results.map((r) => r.created).sort()).toEqual([false, true]);
    const [only, ...rest] = await repo.list();
    expect(rest).toEqual([]);
    expect(results.map((r) => r.subscription.id)).toEqual([only?.id, only?.id]);
  });

  it('finds, gets, pauses, removes; unknown ids answer false', async () => {
    const { subscription: s } = await repo.upsert(input());
    expect(await repo.find('drift', s.conversationId, 'gpt-test')).toEqual(s);
    expect(await repo.find('drift', s.conversationId, 'other')).toBeUndefined();
    expect(await repo.get(s.id)).toEqual(s);
    expect(await repo.setEnabled(s.id, false)).toBe(true);
    expect((await repo.get(s.id))?.enabled).toBe(false);
    expect(await repo.setEnabled('nope', true)).toBe(false);
    expect(await repo.remove(s.id)).toBe(true);
    expect(await repo.remove(s.id)).toBe(false);
    expect(await repo.get(s.id)).toBeUndefined();
  });

  it('lists oldest first, filtered by channel, kind and enabled', async () => {
    const a = (await repo.upsert(input())).subscription;
    const b = (await repo.upsert(input({ kind: 'runs', target: 'churn' }))).subscription;
    const c = (await repo.upsert(input({ conversationId: '19:other@thread.tacv2' }))).subscription;
    await repo.setEnabled(b.id, false);
    const ids = async (f: Parameters<SubscriptionRepository['list']>[0]) =>
      (await repo.list(f)).map((s) => s.id);
    expect(await ids({})).toEqual([a.id, b.id, c.id]);
    expect(await ids({ conversationId: a.conversationId })).toEqual([a.id, b.id]);
    expect(await ids({ kind: 'runs' })).toEqual([b.id]);
    expect(await ids({ enabledOnly: true })).toEqual([a.id, c.id]);
    expect(await ids({ conversationId: a.conversationId, enabledOnly: true })).toEqual([a.id]);
  });
});
