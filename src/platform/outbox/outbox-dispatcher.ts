import { ServiceError } from '../../services/errors';
import { channelOf } from '../../chat/conversation-id';
import type { Logger } from '../logging/logger';
import type { OutboxRepository, OutboxRow } from './outbox-repository';
import type { ProactiveSender } from './proactive-sender';
import { SlidingWindowLimiter } from './rate-limiter';

export interface DispatcherOptions {
  /** Sends in flight at once; small, because the tenant budget binds long before this. */
  concurrency?: number;
  maxAttempts?: number;
  /** Cap on any single wait between attempts. */
  maxBackoffMs?: number;
  limiter?: SlidingWindowLimiter;
  now?: () => number;
  /** How long to sleep when nothing is due (new work also wakes the loop). */
  idleMs?: number;
}

/** Teams answers these when a send may succeed later (throttled, busy, or a stale eTag). */
export const TEAMS_RETRY_STATUSES: ReadonlySet<number> = new Set([412, 429, 502, 503, 504]);

/** How often the send log forgets sends older than every window. */
const PRUNE_EVERY_MS = 60_000;

/** The per-thread limits apply to a channel, not to each of its threads. */
const threadKey = channelOf;

/**
 * Delivers the outbox: paced below Teams' limits, retried with Retry-After or jittered
 * backoff, 403/404 dead-lettered (the conversation is marked inactive by the sender), and
 * replies/updates held until the message they refer to has been delivered.
 */
export class OutboxDispatcher {
  private readonly limiter: SlidingWindowLimiter;
  private readonly now: () => number;
  private running = false;
  private inFlight = new Set<Promise<void>>();
  /** One send per thread at a time keeps each thread's messages in order. */
  private readonly busyThreads = new Set<string>();
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private lastPrune = 0;

  constructor(
    private readonly repo: OutboxRepository,
    private readonly sender: ProactiveSender,
    private readonly log: Logger,
    private readonly options: DispatcherOptions = {},
  ) {
    this.limiter = options.limiter ?? new SlidingWindowLimiter();
    this.now = options.now ?? Date.now;
  }

  start(): void {
    if (this.running) return;
    const recovered = this.repo.recoverInterrupted();
    if (recovered.retried + recovered.uncertain > 0)
      this.log.warn(recovered, 'outbox recovered after restart');
    this.restorePacing();
    this.running = true;
    this.loop = this.run();
  }

  /**
   * Loads what earlier processes sent within the limit windows, so the first burst after a
   * restart cannot break a limit the dead process had already filled.
   */
  private restorePacing(): void {
    const now = this.now();
    this.repo.sends.closeInterrupted(now);
    this.repo.sends.prune(now - this.limiter.horizonMs);
    this.lastPrune = now;
    this.limiter.restore(this.repo.sends.recent(now - this.limiter.horizonMs));
  }

  /** Wakes the loop after new messages were enqueued. */
  notify(): void {
    this.wake?.();
  }

  /** Stops taking new messages and waits for sends already in flight. */
  async stop(): Promise<void> {
    this.running = false;
    this.notify();
    await this.loop;
    await Promise.all(this.inFlight);
  }

  /** Resolves once nothing is pending or in flight (for tests and benchmarks). */
  async drain(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.repo.counts().pending === 0 && this.inFlight.size === 0) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('outbox did not drain in time');
  }

  private async run(): Promise<void> {
    const concurrency = this.options.concurrency ?? 8;
    while (this.running) {
      const now = this.now();
      let soonest = now + (this.options.idleMs ?? 1_000);
      const nextDue = this.repo.nextDueAt();
      if (nextDue !== undefined) soonest = Math.min(soonest, Math.max(now, nextDue));
      for (const row of this.repo.due(now, 200)) {
        if (this.inFlight.size >= concurrency) break;
        const parent = this.parentOf(row);
        if (parent === 'wait') continue;
        const key = threadKey(row.conversationId);
        if (this.busyThreads.has(key)) continue;
        const allowedAt = this.limiter.nextAllowedAt(key, now);
        if (allowedAt > now) {
          // Move it down the queue so one throttled thread cannot starve the others.
          this.repo.defer(row.key, allowedAt);
          soonest = Math.min(soonest, allowedAt);
          continue;
        }
        if (!this.repo.claim(row.key)) continue;
        const span = this.limiter.record(key, now);
        const logged = this.repo.sends.start(key, now);
        this.busyThreads.add(key);
        const task = this.deliver(row, parent).finally(() => {
          const end = this.now();
          this.limiter.complete(span, end);
          this.repo.sends.complete(logged, end);
          this.busyThreads.delete(key);
          this.inFlight.delete(task);
          this.notify();
        });
        this.inFlight.add(task);
      }
      if (now - this.lastPrune > PRUNE_EVERY_MS) {
        this.repo.sends.prune(now - this.limiter.horizonMs);
        this.lastPrune = now;
      }
      await this.sleep(Math.max(1, soonest - this.now()));
    }
  }

  /** For reply/update: the delivered message it refers to, 'wait' if not yet, undefined if none. */
  private parentOf(row: OutboxRow): OutboxRow | 'wait' | undefined {
    if (!row.parentKey) return undefined;
    const parent = this.repo.get(row.parentKey);
    if (!parent) {
      this.repo.finish(row.key, 'failed', `parent message ${row.parentKey} does not exist`);
      return 'wait';
    }
    if (parent.status === 'delivered') return parent;
    if (parent.status === 'pending' || parent.status === 'sending') return 'wait';
    this.repo.finish(row.key, 'failed', `parent message ${row.parentKey} was not delivered`);
    return 'wait';
  }

  private async deliver(row: OutboxRow, parent: OutboxRow | undefined): Promise<void> {
    try {
      switch (row.kind) {
        case 'send': {
          const activityId = await this.sender.send(row.conversationId, row.payload);
          this.repo.markDelivered(row.key, {
            conversationId: row.conversationId,
            ...(activityId ? { activityId } : {}),
          });
          break;
        }
        case 'post': {
          const res = await this.sender.postToChannel(row.conversationId, row.payload);
          this.repo.markDelivered(row.key, {
            conversationId: res.conversationId,
            ...(res.activityId ? { activityId: res.activityId } : {}),
          });
          break;
        }
        case 'reply': {
          const thread = parent?.resultConversationId ?? row.conversationId;
          const activityId = await this.sender.send(thread, row.payload);
          this.repo.markDelivered(row.key, {
            conversationId: thread,
            ...(activityId ? { activityId } : {}),
          });
          break;
        }
        case 'update': {
          const target = row.targetActivityId ?? parent?.resultActivityId;
          if (!target)
            throw new ServiceError('Teams', 'bad-request', 'update has no target message');
          const conversation = parent?.resultConversationId ?? row.conversationId;
          await this.sender.update(conversation, target, row.payload);
          this.repo.markDelivered(row.key, { conversationId: conversation, activityId: target });
          break;
        }
      }
    } catch (err) {
      this.onFailure(row, err);
    }
  }

  private onFailure(row: OutboxRow, err: unknown): void {
    const status =
      err instanceof ServiceError ? err.status : (err as { statusCode?: number }).statusCode;
    const message = err instanceof Error ? err.message : String(err);
    if (
      status === 403 ||
      status === 404 ||
      (err instanceof ServiceError && (err.reason === 'forbidden' || err.reason === 'not-found'))
    ) {
      this.repo.finish(row.key, 'dead', message);
      this.log.warn(
        { key: row.key, conversationId: row.conversationId, status },
        'outbox: conversation unreachable',
      );
      return;
    }
    const retryable =
      (status !== undefined && TEAMS_RETRY_STATUSES.has(status)) ||
      (err instanceof ServiceError && err.retryable);
    const attempts = row.attempts + 1;
    if (!retryable || attempts >= (this.options.maxAttempts ?? 8)) {
      this.repo.finish(row.key, 'failed', message);
      this.log.error({ key: row.key, status, attempts, err }, 'outbox: giving up on message');
      return;
    }
    const retryAfter = err instanceof ServiceError ? err.details.retryAfterMs : undefined;
    const cap = this.options.maxBackoffMs ?? 60_000;
    const backoff = Math.min(cap, 500 * 2 ** (attempts - 1)) * (0.5 + Math.random() / 2);
    const at = this.now() + Math.min(cap, retryAfter ?? backoff);
    this.repo.reschedule(row.key, at, message);
    this.log.info(
      { key: row.key, status, attempts, retryInMs: at - this.now() },
      'outbox: retry scheduled',
    );
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }
}
