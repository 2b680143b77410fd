import type { Logger } from '../../platform/logging/logger';
import { CronSchedule } from '../../platform/scheduler/cron-schedule';
import type { Scheduler } from '../../platform/scheduler/scheduler';
import type { SubscriptionKindRegistry } from './subscription-kinds';
import type {
  Subscription,
  SubscriptionInput,
  SubscriptionRepository,
} from './subscription-repository';

/** What makes a registered job stale: its schedule changed in the store. */
const scheduleKey = (s: Pick<Subscription, 'cron' | 'timezone'>): string =>
  `${s.cron} ${s.timezone}`;

/** The scheduler job id of a subscription, e.g. `drift:3fa9c2d1`. */
export const jobId = (s: Pick<Subscription, 'kind' | 'id'>): string => `${s.kind}:${s.id}`;

/**
 * Keeps the store and the scheduler in step: one job per enabled subscription, rebuilt from
 * the store at start, added/replaced on subscribe and removed on unsubscribe. The scheduler's
 * per-slot claims mean a subscription never runs twice for one slot nor overlaps itself.
 */
export class SubscriptionService {
  /** Job id → the schedule it was registered with, to notice what changed in the store. */
  private readonly scheduled = new Map<string, string>();
  private syncTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly repo: SubscriptionRepository,
    readonly kinds: SubscriptionKindRegistry,
    private readonly scheduler: Scheduler,
    private readonly log: Logger,
  ) {}

  /**
   * Makes the scheduler's jobs match the enabled subscriptions in the store: registers new or
   * rescheduled ones, drops removed or disabled ones; returns how many are scheduled. At start it
   * rebuilds everything; run periodically (`keepInSync`) it picks up what another replica
   * subscribed or unsubscribed, so a subscription runs even when the replica that took it is gone.
   */
  async rebuild(): Promise<number> {
    const wanted = new Set<string>();
    let n = 0;
    for (const s of await this.repo.list({ enabledOnly: true })) {
      wanted.add(jobId(s));
      if (this.scheduled.get(jobId(s)) === scheduleKey(s)) {
        n++;
        continue;
      }
      try {
        this.schedule(s);
        n++;
      } catch (err) {
        this.log.error({ err, subscription: s.id }, 'subscription not scheduled');
      }
    }
    for (const id of [...this.scheduled.keys()].filter((id) => !wanted.has(id))) {
      this.scheduler.unregister(id);
      this.scheduled.delete(id);
    }
    return n;
  }

  /** Re-reads the subscriptions every `intervalMs` (other replicas' changes); stop with `stopSync`. */
  keepInSync(intervalMs: number): void {
    this.stopSync();
    this.syncTimer = setInterval(() => {
      this.rebuild().catch((err: unknown) =>
        this.log.warn({ err }, 'subscriptions not re-read; trying again'),
      );
    }, intervalMs);
    this.syncTimer.unref();
  }

  stopSync(): void {
    if (this.syncTimer) clearInterval(this.syncTimer);
    this.syncTimer = undefined;
  }

  /** Validates the schedule (throws ScheduleError), stores, and (re)schedules. */
  async subscribe(
    input: SubscriptionInput,
  ): Promise<{ subscription: Subscription; created: boolean }> {
    new CronSchedule(input.cron, input.timezone);
    const result = await this.repo.upsert(input);
    this.schedule(result.subscription);
    return result;
  }

  async unsubscribe(s: Subscription): Promise<void> {
    await this.repo.remove(s.id);
    this.scheduler.unregister(jobId(s));
    this.scheduled.delete(jobId(s));
    await this.kinds.get(s.kind)?.removed?.(s);
  }

  /** When the subscription runs next (for the list), or undefined if never within a year. */
  nextRun(s: Subscription, now: number): number | undefined {
    return new CronSchedule(s.cron, s.timezone).nextSlot(now);
  }

  private schedule(s: Subscription): void {
    const kind = this.kinds.get(s.kind);
    if (!kind) throw new Error(`unknown subscription kind ${s.kind}`);
    if (kind.scheduledPerSubscription === false) return;
    const id = jobId(s);
    const schedule = new CronSchedule(s.cron, s.timezone);
    this.scheduled.set(id, scheduleKey(s));
    // Replacing a job (new schedule) keeps its claim history; a new one counts from now.
    this.scheduler.register({
      id,
      schedule,
      run: async (slot) => {
        const current = await this.repo.get(s.id);
        if (!current?.enabled) return;
        await kind.run(current, slot);
      },
    });
  }
}
