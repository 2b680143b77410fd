import { afterEach, describe, expect, it } from 'vitest';
import type { Subscription } from '../../../src/workflows/subscriptions/subscription-repository';
import { SubscriptionKindRegistry } from '../../../src/workflows/subscriptions/subscription-kinds';
import { SubscriptionRepository } from '../../../src/workflows/subscriptions/subscription-repository';
import { SubscriptionService } from '../../../src/workflows/subscriptions/subscription-service';
import { Scheduler } from '../../../src/platform/scheduler/scheduler';
import {
  driftRig,
  HOUR,
  log,
  outboxRows,
  type DriftRig,
  type Shape,
} from '../../support/drift-rig';

const CHANNEL = '19:alerts@thread.tacv2';
const T0 = Date.parse('2026-11-30T12:00:00Z');
const BASE: Shape = { latency: 400, completion: 100, prompt: 50, seed: 7 };
const rigs: DriftRig[] = [];
const rig = (o: Parameters<typeof driftRig>[0] = {}) => {
  const r = driftRig({ start: T0 - 60_000, ...o });
  rigs.push(r);
  return r;
};
afterEach(() => {
  for (const r of rigs.splice(0)) r.close();
});

async function subscribe(
  r: DriftRig,
  cron = '0 * * * *',
  extra: Partial<Subscription> = {},
): Promise<Subscription> {
  const { subscription } = await r.subscriptions.subscribe({
    kind: 'drift',
    conversationId: CHANNEL,
    target: 'gpt-test',
    params: {},
    cron,
    timezone: 'UTC',
    sustained: 1,
    createdBy: 'admin',
    ...extra,
  });
  return subscription;
}

/** Moves the clock to `at`, ticks the scheduler and waits for the runs it started. */
async function tickAt(r: DriftRig, at: number): Promise<string[]> {
  r.clock.now = at;
  const started = await r.scheduler.tick(at);
  await r.scheduler.idle();
  return started;
}

/** The hour before `end` gets `shape`; the hour before that the baseline. */
async function windowPair(r: DriftRig, end: number, current: Shape, n = 150): Promise<void> {
  await r.seed('gpt-test', end - 2 * HOUR, end - HOUR, n, BASE);
  await r.seed('gpt-test', end - HOUR, end, n, current);
}

describe('drift subscriptions driven by the scheduler (injected clock)', () => {
  it('runs each subscription as job drift:<id> at its due time in its time zone', async () => {
    const r = rig({ start: Date.parse('2026-11-30T07:00:00Z') });
    const sub = await subscribe(r, '0 9 * * *', { timezone: 'Europe/Berlin' });
    expect(r.scheduler.has(`drift:${sub.id}`)).toBe(true);
    expect(await tickAt(r, Date.parse('2026-11-30T07:59:59Z'))).toEqual([]);
    expect(await tickAt(r, Date.parse('2026-11-30T08:00:01Z'))).toEqual([`drift:${sub.id}`]);
    expect(await tickAt(r, Date.parse('2026-11-30T08:00:30Z'))).toEqual([]);
    expect(r.subscriptions.nextRun(sub, Date.parse('2026-11-30T08:00:30Z'))).toBe(
      Date.parse('2026-12-01T08:00:00Z'),
    );
  });

  it('opens one incident with ONE alert post, updates it, escalates in the thread, resolves', async () => {
    // A fixed baseline (11:00-12:00 yesterday's release), so each hour is compared with it.
    const baseline = { from: T0 - 2 * HOUR, to: T0 - HOUR };
    const r = rig({ settings: { reference: { kind: 'fixed', range: baseline } } });
    await subscribe(r);
    // 12:00: latency and completion tokens shifted (2 of 4 features) → dataset drift.
    await windowPair(r, T0 + 1, { ...BASE, latency: 1_200, completion: 300, seed: 8 });
    await tickAt(r, T0 + 1);
    let rows = outboxRows(r);
    expect(rows.filter((x) => x.kind === 'post')).toHaveLength(1);
    expect(rows[0]?.text).toContain('Drift alert: gpt-test');
    expect(rows[0]?.text).toContain('Latency (ms)');

    // 13:00: same drift → the card is updated, nobody is notified again.
    await r.seed('gpt-test', T0, T0 + HOUR, 150, {
      ...BASE,
      latency: 1_200,
      completion: 300,
      seed: 9,
    });
    await tickAt(r, T0 + HOUR + 1);
    rows = outboxRows(r);
    expect(rows.filter((x) => x.kind === 'post')).toHaveLength(1);
    expect(rows.filter((x) => x.kind === 'update')).toHaveLength(1);
    expect(rows.filter((x) => x.kind === 'reply')).toHaveLength(0);

    // 14:00: prompt tokens and errors drift too → escalation reply in the thread.
    await r.seed('gpt-test', T0 + HOUR, T0 + 2 * HOUR, 150, {
      latency: 3_000,
      completion: 900,
      prompt: 400,
      errorRate: 0.5,
      seed: 10,
    });
    await tickAt(r, T0 + 2 * HOUR + 1);
    rows = outboxRows(r);
    const replies = rows.filter((x) => x.kind === 'reply');
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toMatch(/got worse: 4 of 4 features/);

    // 15:00: a clean hour (the same values as the baseline) → resolved reply + card update.
    await r.seed('gpt-test', T0 + 2 * HOUR, T0 + 3 * HOUR, 150, BASE);
    await tickAt(r, T0 + 3 * HOUR + 1);
    rows = outboxRows(r);
    expect(rows.filter((x) => x.kind === 'post')).toHaveLength(1);
    expect(rows.filter((x) => x.key.endsWith(':resolved'))[0]?.text).toContain('Resolved');
    const lastUpdate = rows.filter((x) => x.kind === 'update').pop();
    expect(lastUpdate?.text).toContain('Resolved: drift on gpt-test');
  });

  it('--sustained 2 alerts only on the second drifted check in a row', async () => {
    const r = rig();
    await subscribe(r, '0 * * * *', { sustained: 2 });
    await windowPair(r, T0 + 1, { ...BASE, latency: 1_200, completion: 300, seed: 8 });
    await tickAt(r, T0 + 1);
    expect(outboxRows(r)).toHaveLength(0);
    await r.seed('gpt-test', T0, T0 + HOUR, 150, {
      ...BASE,
      latency: 1_300,
      completion: 320,
      seed: 9,
    });
    await tickAt(r, T0 + HOUR + 1);
    expect(outboxRows(r).filter((x) => x.kind === 'post')).toHaveLength(1);
  });

  it('an empty window is "no verdict", not a resolution', async () => {
    const r = rig();
    await subscribe(r);
    await windowPair(r, T0 + 1, { ...BASE, latency: 1_200, completion: 300, seed: 8 });
    await tickAt(r, T0 + 1);
    await tickAt(r, T0 + 3 * HOUR + 1); // no predictions at all in the last two hours
    expect(outboxRows(r).filter((x) => x.kind !== 'post')).toHaveLength(0);
    const [sub] = await r.subscriptions.repo.list();
    expect((await r.incidents.active(sub?.id ?? ''))?.state).toBe('open');
  });

  it('rebuilds one job per stored subscription at start and catches up a missed slot once', async () => {
    const r = rig();
    const a = await subscribe(r);
    const b = await subscribe(r, '*/30 * * * *', { conversationId: '19:other@thread.tacv2' });
    await tickAt(r, T0 + 1);
    // "Restart": a new scheduler and service on the same store, 2.5 hours later.
    const later = T0 + 2.5 * HOUR;
    const scheduler = new Scheduler(r.store, log, { now: () => later, catchUpMs: 6 * HOUR });
    const kinds = new SubscriptionKindRegistry().register(r.monitor.subscriptionKind());
    const service = new SubscriptionService(
      new SubscriptionRepository(r.store),
      kinds,
      scheduler,
      log,
    );
    expect(await service.rebuild()).toBe(2);
    expect(scheduler.has(`drift:${a.id}`) && scheduler.has(`drift:${b.id}`)).toBe(true);
    r.clock.now = later;
    expect((await scheduler.tick(later)).sort()).toEqual([`drift:${a.id}`, `drift:${b.id}`].sort());
    await scheduler.idle();
    expect(await scheduler.tick(later + 1_000)).toEqual([]);
  });

  it('never overlaps two runs of one subscription', async () => {
    const waiting: (() => void)[] = [];
    const release = () => waiting.splice(0).forEach((f) => f());
    let loads = 0;
    const r = rig({
      source: () => ({
        name: 'slow',
        load: async (_t, _range, features) => {
          loads++;
          await new Promise<void>((resolve) => waiting.push(resolve));
          return {
            columns: Object.fromEntries(features.map((f) => [f, []])),
            size: 0,
            truncated: false,
          };
        },
      }),
    });
    const sub = await subscribe(r, '* * * * *');
    await r.scheduler.tick(T0 + 60_000);
    expect(await r.scheduler.tick(T0 + 120_000)).toEqual([]);
    // The run reads its subscription from the store first; release once both windows wait.
    while (waiting.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await r.scheduler.tick(T0 + 180_000)).toEqual([]);
    release();
    await r.scheduler.idle(`drift:${sub.id}`);
    expect(loads).toBe(2); // reference + current of the single run
  });

  it('setEnabled pauses a subscription (its slots do nothing) and resumes it', async () => {
    const r = rig({
      settings: { reference: { kind: 'fixed', range: { from: T0 - 2 * HOUR, to: T0 - HOUR } } },
    });
    const sub = await subscribe(r);
    const repo = r.subscriptions.repo;
    expect(await repo.setEnabled(sub.id, false)).toBe(true);
    expect((await repo.get(sub.id))?.enabled).toBe(false);
    expect(await repo.list({ enabledOnly: true })).toEqual([]);
    await windowPair(r, T0 + 1, { ...BASE, latency: 1_200, completion: 300, seed: 8 });
    await tickAt(r, T0 + 1);
    expect(outboxRows(r)).toHaveLength(0);
    expect(await r.incidents.active(sub.id)).toBeUndefined();

    expect(await repo.setEnabled(sub.id, true)).toBe(true);
    await r.seed('gpt-test', T0, T0 + HOUR, 150, {
      ...BASE,
      latency: 1_200,
      completion: 300,
      seed: 9,
    });
    await tickAt(r, T0 + HOUR + 1);
    expect(outboxRows(r).filter((x) => x.kind === 'post')).toHaveLength(1);
    expect(await repo.setEnabled('nope', false)).toBe(false);
  });

  it('unsubscribe removes the job and the stored subscription', async () => {
    const r = rig();
    const sub = await subscribe(r);
    await r.subscriptions.unsubscribe(sub);
    expect(r.scheduler.has(`drift:${sub.id}`)).toBe(false);
    expect(await r.subscriptions.repo.list()).toEqual([]);
  });

  it('unsubscribe resolves an open incident: a thread reply and the card shown resolved', async () => {
    const r = rig();
    const sub = await subscribe(r);
    await windowPair(r, T0 + 1, { ...BASE, latency: 1_200, completion: 300, seed: 8 });
    await tickAt(r, T0 + 1);
    const incident = await r.incidents.active(sub.id);
    expect(incident?.state).toBe('open');

    await r.subscriptions.unsubscribe(sub);
    expect(await r.incidents.active(sub.id)).toBeUndefined();
    expect(await r.incidents.get(incident?.id ?? '')).toMatchObject({
      state: 'resolved',
      resolvedAt: r.clock.now,
    });
    const rows = outboxRows(r);
    const reply = rows.find((x) => x.kind === 'reply');
    expect(reply?.key).toBe(`drift:${incident?.id}:resolved`);
    expect(reply?.text).toBe(
      'Resolved: subscription removed, so gpt-test is no longer checked here.',
    );
    expect(rows.filter((x) => x.kind === 'update').pop()?.text).toContain(
      'Resolved: drift on gpt-test',
    );
  });

  it('unsubscribe closes a not-yet-posted (pending) incident without a message', async () => {
    const r = rig();
    const sub = await subscribe(r, '0 * * * *', { sustained: 2 });
    await windowPair(r, T0 + 1, { ...BASE, latency: 1_200, completion: 300, seed: 8 });
    await tickAt(r, T0 + 1);
    expect((await r.incidents.active(sub.id))?.state).toBe('pending');
    await r.subscriptions.unsubscribe(sub);
    expect(await r.incidents.active(sub.id)).toBeUndefined();
    expect(outboxRows(r)).toEqual([]);
  });
});
