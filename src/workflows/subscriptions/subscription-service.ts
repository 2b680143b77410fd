import type { Logger } from '../../platform/logging/logger';
import { CronSchedule } from '../../platform/scheduler/cron-schedule';
import type { Scheduler } from '../../platform/scheduler/scheduler';
import type { SubscriptionKindRegistry } from './subscription-kinds';
import type {
  Subscription,
  SubscriptionInput,
  SubscriptionRepository,
} from './subscription-repository';

/** The scheduler job id of a subscription, e.g. `drift:3fa9c2d1`. */
export const jobId = (s: Pick<Subscription, 'kind' | 'id'>): string => `${s.kind}:${s.id}`;

/**
 * Keeps the store and the scheduler in step: one job per enabled subscription, rebuilt from
 * the store at start, added/replaced on subscribe and removed on unsubscribe. The scheduler's
 * per-slot claims mean a subscription never runs twice for one slot nor overlaps itself.
 */
export class SubscriptionService {
  constructor(
    readonly repo: SubscriptionRepository,
    readonly kinds: SubscriptionKindRegistry,
    private readonly scheduler: Scheduler,
    private readonly log: Logger,
  ) {}

  /** Registers a job for every enabled subscription of a known kind; returns how many. */
  rebuild(): number {
    let n = 0;
    for (const s of this.repo.list({ enabledOnly: true })) {
      try {
        this.schedule(s);
        n++;
      } catch (err) {
        this.log.error({ err, subscription: s.id }, 'subscription not scheduled');
      }
    }
    return n;
  }

  /** Validates the schedule (throws ScheduleError), stores, and (re)schedules. */
  subscribe(input: SubscriptionInput): { subscription: Subscription; created: boolean } {
    new CronSchedule(input.cron, input.timezone);
    const result = this.repo.upsert(input);
    this.schedule(result.subscription);
    return result;
  }

  async unsubscribe(s: Subscription): Promise<void> {
    this.repo.remove(s.id);
    this.scheduler.unregister(jobId(s));
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
    // Replacing a job (new schedule) keeps its claim history; a new one counts from now.
    this.scheduler.register({
      id,
      schedule,
      run: async (slot) => {
        const current = this.repo.get(s.id);
        if (!current?.enabled) return;
        await kind.run(current, slot);
      },
    });
  }
}
