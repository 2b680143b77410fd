import { randomUUID } from 'node:crypto';
import type { Logger } from '../logging/logger';
import type { Telemetry } from '../telemetry/telemetry';
import type { Store } from '../store/store';
import type { CronSchedule } from './cron-schedule';
import { SchedulerStore, type RunningClaim } from './scheduler-store';

/** A recurring piece of work: a drift check for one subscription, the MLflow run watcher. */
export interface ScheduledJob {
  id: string;
  schedule: CronSchedule;
  /** Called once per claimed slot; `slot` is the scheduled time in ms. */
  run(slot: number): Promise<void>;
}

export interface SchedulerOptions {
  now?: () => number;
  /** How far back a restart looks for a missed slot (one catch-up run, not one per slot). */
  catchUpMs?: number;
  /** This process among the bot's replicas (hostname, pid, random); unique per start. */
  replicaId?: string;
  /** How long a claimed slot stays this replica's without a heartbeat. */
  leaseMs?: number;
  /** How often the leases of running slots are renewed; a third of the lease by default. */
  heartbeatMs?: number;
  /** Records how late each run started after its slot (the scheduler lag histogram). */
  telemetry?: Pick<Telemetry, 'schedulerLag'>;
}

/** A slot whose replica died mid-run is run once more, by whichever replica notices first. */
const MAX_ATTEMPTS = 2;

interface Registered {
  job: ScheduledJob;
  registeredAt: number;
}

/**
 * One clock for every job. Each tick finds, per job, the latest slot since it was last
 * checked, claims it in the store (so a restart or another replica never runs it twice),
 * and runs it unless the previous run of that job is still going (no overlap).
 * A claim is a lease: its replica renews it while the job runs; when a replica dies mid-run the
 * lease runs out and another replica runs that slot once more (unless a newer slot is due).
 * A timer on each whole second drives the tick in production; tests call tick() with their
 * own clock. (Not node-cron: its every-second matching formats dates through Intl, which costs
 * CPU every second and about 10 MB of ICU time-zone data resident in a bot that has no jobs.)
 */
export class Scheduler {
  private readonly jobs = new Map<string, Registered>();
  /** Registered/unregistered since the last tick; written by the next tick (register is sync). */
  private readonly added = new Set<string>();
  private readonly removed = new Set<string>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly claims: SchedulerStore;
  private readonly now: () => number;
  private readonly replicaId: string;
  private readonly leaseMs: number;
  private ticker: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private ticking: Promise<unknown> | undefined;
  private stopped = true;

  constructor(
    store: Store,
    private readonly log: Logger,
    private readonly options: SchedulerOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.replicaId = options.replicaId ?? randomUUID();
    this.leaseMs = options.leaseMs ?? 60_000;
    this.claims = new SchedulerStore(store.db, this.replicaId);
  }

  /** Adds or replaces a job; a new job starts counting from now (no run for the past). */
  register(job: ScheduledJob): void {
    this.jobs.set(job.id, { job, registeredAt: this.now() });
    this.added.add(job.id);
  }

  unregister(id: string): void {
    this.jobs.delete(id);
    this.added.delete(id);
    this.removed.add(id);
  }

  has(id: string): boolean {
    return this.jobs.has(id);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule();
  }

  /** Stops ticking and waits for runs in progress (they complete their claims). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.ticker);
    this.ticker = undefined;
    await this.ticking;
    await Promise.allSettled(this.running.values());
    await this.persistJobs().catch((err: unknown) =>
      this.log.error({ err }, 'scheduler state not saved'),
    );
  }

  /** Arms the timer for the next whole second (of the real clock, as a cron tick would). */
  private schedule(): void {
    this.ticker = setTimeout(
      () => {
        if (this.stopped) return;
        this.schedule();
        // A slow store must not pile ticks up: skip this second if the last one still runs.
        if (this.ticking) return;
        this.ticking = this.tick()
          .catch((err: unknown) => this.log.error({ err }, 'scheduler tick failed'))
          .finally(() => (this.ticking = undefined));
      },
      1000 - (Date.now() % 1000),
    );
  }

  /** Starts every due job (and retries of slots whose replica died); returns the ids started. */
  async tick(now = this.now()): Promise<string[]> {
    await this.persistJobs();
    const started: string[] = [];
    if (this.jobs.size === 0) return started;
    const ids = [...this.jobs.keys()];
    const states = await this.claims.states(ids);
    const live = await this.claims.running(ids);
    for (const { job, registeredAt } of this.jobs.values()) {
      const s = states.get(job.id);
      if (!s) this.added.add(job.id); // removed meanwhile by another replica: write it again
      const since = Math.max(
        s?.last_checked_at ?? registeredAt,
        now - (this.options.catchUpMs ?? 3_600_000),
      );
      const slot = job.schedule.latestSlot(since, now);
      const claims = live.get(job.id) ?? [];
      const expired = claims.filter((c) => (c.lease_until ?? 0) < now);
      const busy = this.running.has(job.id) || expired.length < claims.length;
      if (slot !== undefined && (s?.last_slot ?? -1) < slot) {
        if (busy) {
          this.log.warn({ job: job.id, slot }, 'previous run still going; slot skipped');
        } else if (await this.claims.claim(job.id, slot, now, now + this.leaseMs)) {
          // A newer slot makes a dead replica's older one moot.
          for (const c of expired) await this.claims.settle(c, 'abandoned');
          this.launch(job, slot);
          started.push(job.id);
          continue;
        }
      }
      if (!busy && (await this.retry(job, expired, now))) started.push(job.id);
    }
    await this.claims.checked(ids, now);
    return started;
  }

  /** Runs the newest slot a dead replica left unfinished, once; older ones are given up. */
  private async retry(job: ScheduledJob, expired: RunningClaim[], now: number): Promise<boolean> {
    const [latest, ...older] = [...expired].sort((a, b) => b.slot - a.slot);
    for (const c of older) await this.claims.settle(c, 'abandoned');
    if (!latest) return false;
    if (latest.attempts >= MAX_ATTEMPTS) {
      if (await this.claims.settle(latest, 'abandoned')) {
        this.log.error({ job: job.id, slot: latest.slot }, 'scheduled slot abandoned after retry');
      }
      return false;
    }
    if (!(await this.claims.takeOver(latest, now, now + this.leaseMs))) return false;
    this.log.warn(
      { job: job.id, slot: latest.slot, previousOwner: latest.owner },
      'retrying a slot whose replica stopped renewing its claim',
    );
    this.launch(job, latest.slot);
    return true;
  }

  private launch(job: ScheduledJob, slot: number): void {
    this.options.telemetry?.schedulerLag(this.now() - slot);
    const run = job
      .run(slot)
      .then(
        () => 'done' as const,
        (err: unknown) => {
          this.log.error({ err, job: job.id, slot }, 'scheduled job failed');
          return 'failed' as const;
        },
      )
      .then((state) => this.claims.finish(job.id, slot, state))
      .catch((err: unknown) => this.log.error({ err, job: job.id, slot }, 'claim not completed'))
      .finally(() => {
        this.running.delete(job.id);
        if (this.running.size === 0) {
          clearInterval(this.heartbeat);
          this.heartbeat = undefined;
        }
      });
    this.running.set(job.id, run);
    this.heartbeat ??= setInterval(
      () => {
        this.claims.renew(this.now() + this.leaseMs).catch((err: unknown) => {
          this.log.error({ err }, 'scheduler lease heartbeat failed');
        });
      },
      this.options.heartbeatMs ?? this.leaseMs / 3,
    );
  }

  /** Writes the registrations and removals since the last tick. */
  private async persistJobs(): Promise<void> {
    if (this.removed.size > 0) {
      const removed = [...this.removed];
      this.removed.clear();
      await this.claims.forget(removed);
    }
    if (this.added.size > 0) {
      const added = [...this.added].flatMap((id) => {
        const r = this.jobs.get(id);
        return r ? [{ id, since: r.registeredAt }] : [];
      });
      this.added.clear();
      await this.claims.remember(added);
    }
  }

  /** Resolves when the given job (or all jobs) have no run in progress. */
  async idle(id?: string): Promise<void> {
    if (id) await this.running.get(id);
    else await Promise.allSettled(this.running.values());
  }
}
