import type { Statement } from '../store/sqlite-database';
import type { Logger } from '../logging/logger';
import type { Database } from '../store/database';
import type { CronSchedule } from './cron-schedule';

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
}

/**
 * One clock for every job. Each tick finds, per job, the latest slot since it was last
 * checked, claims it in the store (so a restart or a second replica never runs it twice),
 * and runs it unless the previous run of that job is still going (no overlap).
 * A timer on each whole second drives the tick in production; tests call tick() with their
 * own clock. (Not node-cron: its every-second matching formats dates through Intl, which costs
 * CPU every second and about 10 MB of ICU time-zone data resident in a bot that has no jobs.)
 */
export class Scheduler {
  private readonly jobs = new Map<string, ScheduledJob>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly now: () => number;
  private ticker: NodeJS.Timeout | undefined;
  private stopped = true;
  /** Compiled on first use and kept: tick runs every second. */
  private statements:
    | {
        state: Statement<[string], { last_checked_at: number; last_slot: number | null }>;
        checked: Statement<[number, string]>;
        claim: Statement<[string, number, number]>;
        slot: Statement<[number, string]>;
      }
    | undefined;

  constructor(
    private readonly db: Database,
    private readonly log: Logger,
    private readonly options: SchedulerOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Adds or replaces a job; a new job starts counting from now (no run for the past). */
  register(job: ScheduledJob): void {
    this.jobs.set(job.id, job);
    this.db
      .prepare(
        'INSERT OR IGNORE INTO job_state (job_id, last_slot, last_checked_at) VALUES (?, NULL, ?)',
      )
      .run(job.id, this.now());
  }

  unregister(id: string): void {
    this.jobs.delete(id);
    this.db.prepare('DELETE FROM job_state WHERE job_id = ?').run(id);
  }

  has(id: string): boolean {
    return this.jobs.has(id);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule();
  }

  /** Stops ticking and waits for runs in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.ticker);
    this.ticker = undefined;
    await Promise.allSettled(this.running.values());
  }

  /** Arms the timer for the next whole second (of the real clock, as a cron tick would). */
  private schedule(): void {
    this.ticker = setTimeout(
      () => {
        if (this.stopped) return;
        this.schedule();
        try {
          this.tick();
        } catch (err) {
          this.log.error({ err }, 'scheduler tick failed');
        }
      },
      1000 - (Date.now() % 1000),
    );
  }

  /** Starts every due job; returns the ids started (for tests). */
  tick(now = this.now()): string[] {
    const started: string[] = [];
    if (this.jobs.size === 0) return started;
    const sql = (this.statements ??= {
      state: this.db.prepare('SELECT last_checked_at, last_slot FROM job_state WHERE job_id = ?'),
      checked: this.db.prepare('UPDATE job_state SET last_checked_at = ? WHERE job_id = ?'),
      claim: this.db.prepare(
        'INSERT OR IGNORE INTO job_claims (job_id, slot, claimed_at) VALUES (?, ?, ?)',
      ),
      slot: this.db.prepare('UPDATE job_state SET last_slot = ? WHERE job_id = ?'),
    });
    for (const job of this.jobs.values()) {
      const s = sql.state.get(job.id);
      const since = Math.max(
        s?.last_checked_at ?? now,
        now - (this.options.catchUpMs ?? 3_600_000),
      );
      const slot = job.schedule.latestSlot(since, now);
      sql.checked.run(now, job.id);
      if (slot === undefined || (s?.last_slot ?? -1) >= slot) continue;
      if (this.running.has(job.id)) {
        this.log.warn({ job: job.id, slot }, 'previous run still going; slot skipped');
        continue;
      }
      if (sql.claim.run(job.id, slot, now).changes !== 1) continue;
      sql.slot.run(slot, job.id);
      started.push(job.id);
      const run = job
        .run(slot)
        .catch((err: unknown) => this.log.error({ err, job: job.id, slot }, 'scheduled job failed'))
        .finally(() => this.running.delete(job.id));
      this.running.set(job.id, run);
    }
    return started;
  }

  /** Resolves when the given job (or all jobs) have no run in progress. */
  async idle(id?: string): Promise<void> {
    if (id) await this.running.get(id);
    else await Promise.allSettled(this.running.values());
  }
}
