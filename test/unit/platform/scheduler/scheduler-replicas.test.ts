import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../../src/platform/logging/logger';
import { CronSchedule } from '../../../../src/platform/scheduler/cron-schedule';
import { Scheduler, type ScheduledJob } from '../../../../src/platform/scheduler/scheduler';
import { openReplicaStores, type ReplicaStores } from '../../../support/replica-stores';
import { STORE_KINDS } from '../../../support/test-store';

const log = createLogger('silent');
const at = (iso: string) => Date.parse(iso);
const LEASE = 30_000;

/** A job every replica registers: records who ran which slot; a run may be held open. */
class SharedJob {
  readonly runs: { replica: string; slot: number }[] = [];
  private readonly held: (() => void)[] = [];
  hold = false;

  for(replica: string): ScheduledJob {
    return {
      id: 'report',
      schedule: new CronSchedule('*/10 * * * *'),
      run: (slot) => {
        this.runs.push({ replica, slot });
        return this.hold ? new Promise<void>((r) => this.held.push(r)) : Promise.resolve();
      },
    };
  }

  release(): void {
    for (const r of this.held.splice(0)) r();
  }
}

describe.each(STORE_KINDS)('Scheduler replicas on one %s store', (kind) => {
  let replicas: ReplicaStores | undefined;
  let job: SharedJob;
  let schedulers: Scheduler[] = [];
  let now = 0;

  /** `n` bot processes on one database, each with its scheduler and the shared job. */
  async function start(n: number, heartbeatMs = 60_000): Promise<Scheduler[]> {
    replicas = await openReplicaStores(kind, n);
    job = new SharedJob();
    schedulers = replicas.stores.map(
      (store, i) =>
        new Scheduler(store, log, {
          now: () => now,
          replicaId: `replica-${i}`,
          leaseMs: LEASE,
          heartbeatMs,
        }),
    );
    schedulers.forEach((s, i) => s.register(job.for(`replica-${i}`)));
    return schedulers;
  }

  afterEach(async () => {
    job.release();
    for (const s of schedulers) await s.stop();
    await replicas?.dispose();
    replicas = undefined;
  });

  it('runs each slot on exactly one replica, whoever ticks first', async () => {
    now = at('2026-11-30T10:00:00Z');
    const [a, b] = await start(2);
    if (!a || !b) throw new Error('two replicas');
    for (const slot of ['10:10', '10:20', '10:30']) {
      now = at(`2026-11-30T${slot}:01Z`);
      const started = await Promise.all([a.tick(), b.tick()]);
      expect(started.flat()).toEqual(['report']);
      await Promise.all([a.idle(), b.idle()]);
    }
    expect(job.runs.map((r) => r.slot)).toEqual(
      ['10:10', '10:20', '10:30'].map((s) => at(`2026-11-30T${s}:00Z`)),
    );
  });

  it('retries the slot of a replica that died mid-run once, after its lease ran out', async () => {
    now = at('2026-11-30T10:00:00Z');
    const [a, b, c] = await start(3);
    if (!a || !b || !c || !replicas) throw new Error('three replicas');
    job.hold = true;
    now = at('2026-11-30T10:10:00Z');
    expect(await a.tick()).toEqual(['report']);
    await replicas.kill(0); // replica-0 dies inside the run: no heartbeat, no completion
    now = at('2026-11-30T10:10:20Z');
    expect(await b.tick()).toEqual([]); // its lease still holds
    now = at('2026-11-30T10:10:31Z');
    expect(await b.tick()).toEqual(['report']);
    expect(await c.tick()).toEqual([]); // replica-1 has the retry now
    await replicas.kill(1); // and dies too
    now = at('2026-11-30T10:11:02Z');
    expect(await c.tick()).toEqual([]); // retried once already: given up, not run a third time
    job.hold = false;
    now = at('2026-11-30T10:20:00Z');
    expect(await c.tick()).toEqual(['report']); // the next slot runs as usual
    await c.idle();
    const slot = at('2026-11-30T10:10:00Z');
    expect(job.runs).toEqual([
      { replica: 'replica-0', slot },
      { replica: 'replica-1', slot },
      { replica: 'replica-2', slot: at('2026-11-30T10:20:00Z') },
    ]);
  });

  it('does not retry a long run whose replica keeps renewing its lease', async () => {
    now = at('2026-11-30T10:00:00Z');
    const [a, b] = await start(2, 10);
    if (!a || !b) throw new Error('two replicas');
    job.hold = true;
    now = at('2026-11-30T10:10:00Z');
    expect(await a.tick()).toEqual(['report']);
    now = at('2026-11-30T10:10:45Z'); // past the first lease
    await new Promise((r) => setTimeout(r, 200)); // heartbeats renew it from the new time
    expect(await b.tick()).toEqual([]);
    job.release();
    await a.idle();
    now = at('2026-11-30T10:12:00Z');
    expect(await b.tick()).toEqual([]); // finished: nothing to retry
    expect(job.runs).toHaveLength(1);
  });

  it('catches up one missed slot when every replica was down, on one of them', async () => {
    now = at('2026-11-30T10:00:00Z');
    const [a, b] = await start(2);
    if (!a || !b) throw new Error('two replicas');
    now = at('2026-11-30T10:10:00Z');
    await a.tick();
    await b.tick();
    await Promise.all([a.stop(), b.stop()]);
    // Both processes were down from 10:10 to 10:43; they come back as new replicas.
    now = at('2026-11-30T10:43:00Z');
    const back = (replicas?.stores ?? []).map((store, i) => {
      const s = new Scheduler(store, log, { now: () => now, replicaId: `back-${i}` });
      s.register(job.for(`back-${i}`));
      return s;
    });
    schedulers.push(...back);
    const started = await Promise.all(back.map((s) => s.tick()));
    expect(started.flat()).toEqual(['report']);
    await Promise.all(back.map((s) => s.idle()));
    expect(job.runs.map((r) => r.slot)).toEqual([
      at('2026-11-30T10:10:00Z'),
      at('2026-11-30T10:40:00Z'),
    ]);
  });
});
