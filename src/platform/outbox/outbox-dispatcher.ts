import { ServiceError } from '../../services/errors';
import { channelOf } from '../../chat/conversation-id';
import type { Logger } from '../logging/logger';
import { newReplicaId } from '../replica-id';
import type { DueMessage, OutboxRepository, OutboxRow } from './outbox-repository';
import { TEAMS_RETRY_STATUSES, type ProactiveSender } from './proactive-sender';

export interface DispatcherOptions {
  /** Sends in flight at once; small, because the tenant budget binds long before this. */
  concurrency?: number;
  maxAttempts?: number;
  /** Cap on any single wait between attempts. */
  maxBackoffMs?: number;
  now?: () => number;
  /** How long to sleep when nothing is due (new work also wakes the loop). */
  idleMs?: number;
  /** This process among the replicas sharing the store; claims and send spans carry it. */
  replicaId?: string;
  /**
   * How long a claim holds without renewal. A replica renews its claims while it runs, so this
   * is how long a dead replica's messages (and their threads) wait before recovery.
   */
  leaseMs?: number;
}

/** How often the send log forgets sends older than every window. */
const PRUNE_EVERY_MS = 60_000;
/** How often a replica looks for claims other replicas abandoned (PostgreSQL). */
const RECOVER_EVERY_MS = 5_000;
/** How soon to look again at a thread another replica is sending to. */
const BUSY_RECHECK_MS = 50;

/** The per-thread limits apply to a channel, not to each of its threads. */
const threadKey = channelOf;

/**
 * Delivers the outbox: paced below Teams' limits by a budget shared with every replica,
 * retried with Retry-After or jittered backoff, 403/404 dead-lettered (the conversation is
 * marked inactive by the sender), and replies/updates held until the message they refer to
 * has been delivered.
 */
export class OutboxDispatcher {
  readonly replicaId: string;
  private readonly now: () => number;
  private readonly leaseMs: number;
  private running = false;
  private inFlight = new Set<Promise<void>>();
  /** Threads this replica is sending to: checked before asking the shared budget. */
  private readonly busyThreads = new Set<string>();
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private lastPrune = 0;
  private lastRecover = 0;
  private lastRenew = 0;

  constructor(
    private readonly repo: OutboxRepository,
    private readonly sender: ProactiveSender,
    private readonly log: Logger,
    private readonly options: DispatcherOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.replicaId = options.replicaId ?? newReplicaId();
    this.leaseMs = options.leaseMs ?? 30_000;
  }

  /** Recovers what dead processes left behind, then starts the loop. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    const now = this.now();
    try {
      // SQLite has one process: every claim in it is from a process that is gone. Replicas on
      // PostgreSQL recover only claims whose lease ran out (and keep doing so in the loop).
      await this.recover(now, this.repo.singleProcess ? Number.MAX_SAFE_INTEGER : now);
      await this.repo.sends.prune(now - this.repo.sends.horizonMs);
    } catch (err) {
      this.running = false;
      throw err;
    }
    this.lastPrune = now;
    this.loop = this.run();
  }

  /**
   * Messages a dead replica left in 'sending' follow the uncertain-send rule; its open send
   * spans end now, so they still count in the windows they may have reached Teams in.
   */
  private async recover(now: number, expiredBefore: number): Promise<void> {
    this.lastRecover = now;
    const recovered = await this.repo.recoverInterrupted(expiredBefore);
    await this.repo.sends.closeAbandoned(now, expiredBefore);
    if (recovered.retried + recovered.uncertain > 0)
      this.log.warn(recovered, 'outbox recovered messages a stopped process was sending');
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
      if ((await this.repo.counts()).pending === 0 && this.inFlight.size === 0) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('outbox did not drain in time');
  }

  private async run(): Promise<void> {
    while (this.running) {
      let soonest = this.now() + (this.options.idleMs ?? 1_000);
      try {
        soonest = Math.min(soonest, await this.round());
      } catch (err) {
        // The store may be briefly unreachable (a PostgreSQL failover): try again shortly.
        this.log.error({ err }, 'outbox: dispatch round failed');
        soonest = this.now() + 1_000;
      }
      await this.sleep(Math.max(1, soonest - this.now()));
    }
  }

  /** Starts every send that may go now; returns when the loop should look again. */
  private async round(): Promise<number> {
    const concurrency = this.options.concurrency ?? 8;
    const now = this.now();
    await this.housekeeping(now);
    let soonest = Number.POSITIVE_INFINITY;
    const nextDue = await this.repo.nextDueAt();
    if (nextDue !== undefined) soonest = Math.max(now, nextDue);
    // Threads skipped this round: a later message must not overtake an earlier one.
    const skipped = new Set<string>();
    for (const row of await this.repo.due(now, 200)) {
      if (this.inFlight.size >= concurrency || !this.running) break;
      const key = threadKey(row.conversationId);
      if (this.busyThreads.has(key) || skipped.has(key)) continue;
      const parent = await this.parentOf(row);
      if (parent === 'wait') continue;
      const at = this.now();
      const claim = await this.repo.claim(row.key, key, this.lease(at), at);
      if (claim.kind !== 'claimed') {
        skipped.add(key);
        if (claim.kind === 'busy') soonest = Math.min(soonest, at + BUSY_RECHECK_MS);
        if (claim.kind === 'wait') soonest = Math.min(soonest, claim.at);
        // The app-wide budget is full: no other thread may send before it frees up either.
        if (claim.kind === 'wait' && claim.tenant) break;
        continue;
      }
      this.busyThreads.add(key);
      const task = this.deliver(claim.row, parent)
        .catch((err: unknown) => this.log.error({ err, key: row.key }, 'outbox: send not recorded'))
        .then(() => this.repo.sends.complete(claim.sendId, this.now()))
        .catch((err: unknown) => this.log.error({ err }, 'outbox: send span not closed'))
        .finally(() => {
          this.busyThreads.delete(key);
          this.inFlight.delete(task);
          this.notify();
        });
      this.inFlight.add(task);
    }
    return soonest;
  }

  private lease(now: number): { replica: string; until: number } {
    return { replica: this.replicaId, until: now + this.leaseMs };
  }

  /** Renews this replica's leases, recovers other replicas' expired ones, prunes the send log. */
  private async housekeeping(now: number): Promise<void> {
    if (this.inFlight.size > 0 && now - this.lastRenew > this.leaseMs / 3) {
      this.lastRenew = now;
      await this.repo.renew(this.lease(now));
    }
    if (!this.repo.singleProcess && now - this.lastRecover > RECOVER_EVERY_MS)
      await this.recover(now, now);
    if (now - this.lastPrune > PRUNE_EVERY_MS) {
      this.lastPrune = now;
      await this.repo.sends.prune(now - this.repo.sends.horizonMs);
    }
  }

  /** For reply/update: the delivered message it refers to, 'wait' if not yet, undefined if none. */
  private async parentOf(row: DueMessage): Promise<OutboxRow | 'wait' | undefined> {
    if (!row.parentKey) return undefined;
    const parent = await this.repo.get(row.parentKey);
    if (!parent) {
      await this.repo.finish(row.key, 'failed', `parent message ${row.parentKey} does not exist`);
      return 'wait';
    }
    if (parent.status === 'delivered') return parent;
    if (parent.status === 'pending' || parent.status === 'sending') return 'wait';
    await this.repo.finish(row.key, 'failed', `parent message ${row.parentKey} was not delivered`);
    return 'wait';
  }

  private async deliver(row: OutboxRow, parent: OutboxRow | undefined): Promise<void> {
    try {
      switch (row.kind) {
        case 'send': {
          const activityId = await this.sender.send(row.conversationId, row.payload);
          await this.repo.markDelivered(row.key, {
            conversationId: row.conversationId,
            ...(activityId ? { activityId } : {}),
          });
          break;
        }
        case 'post': {
          const res = await this.sender.postToChannel(row.conversationId, row.payload);
          await this.repo.markDelivered(row.key, {
            conversationId: res.conversationId,
            ...(res.activityId ? { activityId: res.activityId } : {}),
          });
          break;
        }
        case 'reply': {
          const thread = parent?.resultConversationId ?? row.conversationId;
          const activityId = await this.sender.send(thread, row.payload);
          await this.repo.markDelivered(row.key, {
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
          await this.repo.markDelivered(row.key, {
            conversationId: conversation,
            activityId: target,
          });
          break;
        }
      }
    } catch (err) {
      await this.onFailure(row, err);
    }
  }

  private async onFailure(row: OutboxRow, err: unknown): Promise<void> {
    const status =
      err instanceof ServiceError ? err.status : (err as { statusCode?: number }).statusCode;
    const message = err instanceof Error ? err.message : String(err);
    if (
      status === 403 ||
      status === 404 ||
      (err instanceof ServiceError && (err.reason === 'forbidden' || err.reason === 'not-found'))
    ) {
      await this.repo.finish(row.key, 'dead', message);
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
      await this.repo.finish(row.key, 'failed', message);
      this.log.error({ key: row.key, status, attempts, err }, 'outbox: giving up on message');
      return;
    }
    const retryAfter = err instanceof ServiceError ? err.details.retryAfterMs : undefined;
    const cap = this.options.maxBackoffMs ?? 60_000;
    const backoff = Math.min(cap, 500 * 2 ** (attempts - 1)) * (0.5 + Math.random() / 2);
    const at = this.now() + Math.min(cap, retryAfter ?? backoff);
    await this.repo.reschedule(row.key, at, message);
    this.log.info(
      { key: row.key, status, attempts, retryInMs: at - this.now() },
      'outbox: retry scheduled',
    );
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
