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

function subscribe(
  r: DriftRig,
  cron = '0 * * * *',
  extra: Partial<Subscription> = {},
): Subscription {
  return r.subscriptions.subscribe({
    kind: 'drift',
    conversationId: CHANNEL,
    target: 'gpt-test',
    params: {},
    cron,
    timezone: 'UTC',
    sustained: 1,
    createdBy: 'admin',
    ...extra,
  }).subscription;
}

/** Moves the clock to `at`, ticks the scheduler and waits for the runs it started. */
async function tickAt(r: DriftRig, at: number): Promise<string[]> {
  r.clock.now = at;
  const started = r.scheduler.tick(at);
  await r.scheduler.idle();
  return started;
}

/** The hour before `end` gets `shape`; the hour before that the baseline. */
function windowPair(r: DriftRig, end: number, current: Shape, n = 150): void {
  r.seed('gpt-test', end - 2 * HOUR, end - HOUR, n, BASE);
  r.seed('gpt-test', end - HOUR, end, n, current);
}

describe('drift subscriptions driven by the scheduler (injected clock)', () => {
  it('runs each subscription as job drift:<id> at its due time in its time zone', async () => {
    const r = rig({ start: Date.parse('2026-11-30T07:00:00Z') });
    const sub = subscribe(r, '0 9 * * *', { timezone: 'Europe/Berlin' });
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
    subscribe(r);
    // 12:00: latency and completion tokens shifted (2 of 4 features) → dataset drift.
    windowPair(r, T0 + 1, { ...BASE, latency: 1_200, completion: 300, seed: 8 });
    await tickAt(r, T0 + 1);
    let rows = outboxRows(r);
    expect(rows.filter((x) => x.kind === 'post')).toHaveLength(1);
    expect(rows[0]?.text).toContain('Drift alert: gpt-test');
    expect(rows[0]?.text).toContain('Latency (ms)');

    // 13:00: same drift → the card is updated, nobody is notified again.
    r.seed('gpt-test', T0, T0 + HOUR, 150, { ...BASE, latency: 1_200, completion: 300, seed: 9 });
    await tickAt(r, T0 + HOUR + 1);
    rows = outboxRows(r);
    expect(rows.filter((x) => x.kind === 'post')).toHaveLength(1);
    expect(rows.filter((x) => x.kind === 'update')).toHaveLength(1);
    expect(rows.filter((x) => x.kind === 'reply')).toHaveLength(0);

    // 14:00: prompt tokens and errors drift too → escalation reply in the thread.
    r.seed('gpt-test', T0 + HOUR, T0 + 2 * HOUR, 150, {
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
    r.seed('gpt-test', T0 + 2 * HOUR, T0 + 3 * HOUR, 150, BASE);
    await tickAt(r, T0 + 3 * HOUR + 1);
    rows = outboxRows(r);
    expect(rows.filter((x) => x.kind === 'post')).toHaveLength(1);
    expect(rows.filter((x) => x.key.endsWith(':resolved'))[0]?.text).toContain('Resolved');
    const lastUpdate = rows.filter((x) => x.kind === 'update').pop();
    expect(lastUpdate?.text).toContain('Resolved: drift on gpt-test');
  });

  it('--sustained 2 alerts only on the second drifted check in a row', async () => {
    const r = rig();
    subscribe(r, '0 * * * *', { sustained: 2 });
    windowPair(r, T0 + 1, { ...BASE, latency: 1_200, completion: 300, seed: 8 });
    await tickAt(r, T0 + 1);
    expect(outboxRows(r)).toHaveLength(0);
    r.seed('gpt-test', T0, T0 + HOUR, 150, { ...BASE, latency: 1_300, completion: 320, seed: 9 });
    await tickAt(r, T0 + HOUR + 1);
    expect(outboxRows(r).filter((x) => x.kind === 'post')).toHaveLength(1);
  });

  it('an empty window is "no verdict", not a resolution', async () => {
    const r = rig();
    subscribe(r);
    windowPair(r, T0 + 1, { ...BASE, latency: 1_200, completion: 300, seed: 8 });
    await tickAt(r, T0 + 1);
    await tickAt(r, T0 + 3 * HOUR + 1); // no predictions at all in the last two hours
    expect(outboxRows(r).filter((x) => x.kind !== 'post')).toHaveLength(0);
    expect(r.incidents.active(r.subscriptions.repo.list()[0]?.id ?? '')?.state).toBe('open');
  });

  it('rebuilds one job per stored subscription at start and catches up a missed slot once', async () => {
    const r = rig();
    const a = subscribe(r);
    const b = subscribe(r, '*/30 * * * *', { conversationId: '19:other@thread.tacv2' });
    await tickAt(r, T0 + 1);
    // "Restart": a new scheduler and service on the same store, 2.5 hours later.
    const later = T0 + 2.5 * HOUR;
    const scheduler = new Scheduler(r.db, log, { now: () => later, catchUpMs: 6 * HOUR });
    const kinds = new SubscriptionKindRegistry().register(r.monitor.subscriptionKind());
    const service = new SubscriptionService(
      new SubscriptionRepository(r.db),
      kinds,
      scheduler,
      log,
    );
    expect(service.rebuild()).toBe(2);
    expect(scheduler.has(`drift:${a.id}`) && scheduler.has(`drift:${b.id}`)).toBe(true);
    r.clock.now = later;
    expect(scheduler.tick(later).sort()).toEqual([`drift:${a.id}`, `drift:${b.id}`].sort());
    await scheduler.idle();
    expect(scheduler.tick(later + 1_000)).toEqual([]);
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
    const sub = subscribe(r, '* * * * *');
    r.scheduler.tick(T0 + 60_000);
    expect(r.scheduler.tick(T0 + 120_000)).toEqual([]);
    release();
    await r.scheduler.idle(`drift:${sub.id}`);
    expect(loads).toBe(2); // reference + current of the single run
  });

  it('setEnabled pauses a subscription (its slots do nothing) and resumes it', async () => {
    const r = rig({
      settings: { reference: { kind: 'fixed', range: { from: T0 - 2 * HOUR, to: T0 - HOUR } } },
    });
    const sub = subscribe(r);
    const repo = r.subscriptions.repo;
    expect(repo.setEnabled(sub.id, false)).toBe(true);
    expect(repo.get(sub.id)?.enabled).toBe(false);
    expect(repo.list({ enabledOnly: true })).toEqual([]);
    windowPair(r, T0 + 1, { ...BASE, latency: 1_200, completion: 300, seed: 8 });
    await tickAt(r, T0 + 1);
    expect(outboxRows(r)).toHaveLength(0);
    expect(r.incidents.active(sub.id)).toBeUndefined();

    expect(repo.setEnabled(sub.id, true)).toBe(true);
    r.seed('gpt-test', T0, T0 + HOUR, 150, { ...BASE, latency: 1_200, completion: 300, seed: 9 });
    await tickAt(r, T0 + HOUR + 1);
    expect(outboxRows(r).filter((x) => x.kind === 'post')).toHaveLength(1);
    expect(repo.setEnabled('nope', false)).toBe(false);
  });

  it('unsubscribe removes the job and the stored subscription', async () => {
    const r = rig();
    const sub = subscribe(r);
    await r.subscriptions.unsubscribe(sub);
    expect(r.scheduler.has(`drift:${sub.id}`)).toBe(false);
    expect(r.subscriptions.repo.list()).toEqual([]);
  });

  it('unsubscribe resolves an open incident: a thread reply and the card shown resolved', async () => {
    const r = rig();
    const sub = subscribe(r);
    windowPair(r, T0 + 1, { ...BASE, latency: 1_200, completion: 300, seed: 8 });
    await tickAt(r, T0 + 1);
    const incident = r.incidents.active(sub.id);
    expect(incident?.state).toBe('open');

    await r.subscriptions.unsubscribe(sub);
    expect(r.incidents.active(sub.id)).toBeUndefined();
    expect(r.incidents.get(incident?.id ?? '')).toMatchObject({
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
    const sub = subscribe(r, '0 * * * *', { sustained: 2 });
    windowPair(r, T0 + 1, { ...BASE, latency: 1_200, completion: 300, seed: 8 });
    await tickAt(r, T0 + 1);
    expect(r.incidents.active(sub.id)?.state).toBe('pending');
    await r.subscriptions.unsubscribe(sub);
    expect(r.incidents.active(sub.id)).toBeUndefined();
    expect(outboxRows(r)).toEqual([]);
  });
});
