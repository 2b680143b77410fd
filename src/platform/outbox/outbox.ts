import type { Store } from '../store/store';
import type { OutboxDispatcher } from './outbox-dispatcher';
import type { OutboxMessage, OutboxRepository, OutboxStatus } from './outbox-repository';

/**
 * The one way features send proactive messages: write to the durable outbox, then wake the
 * dispatcher. Enqueuing an existing key is a no-op, which makes every producer idempotent.
 */
export class Outbox {
  constructor(
    private readonly repo: OutboxRepository,
    private readonly dispatcher: OutboxDispatcher,
  ) {}

  async enqueue(message: OutboxMessage, notBefore?: number): Promise<boolean> {
    const added = await this.repo.enqueue(message, notBefore);
    if (added) this.dispatcher.notify();
    return added;
  }

  /**
   * Enqueues a message that makes earlier pending ones in its group obsolete (a card's newer
   * state): those not yet sent are dropped, so a busy card never lags behind.
   */
  async enqueueLatest(message: OutboxMessage, groupPrefix: string): Promise<boolean> {
    await this.repo.dropPending(groupPrefix);
    return this.enqueue(message);
  }

  /**
   * Queues messages inside the caller's transaction `db` (no wake-up: nothing is visible before
   * the commit; call notify() after it). A message with a `groupPrefix` replaces the pending ones
   * of its group, as enqueueLatest does.
   */
  async enqueueIn(
    db: Store['db'],
    messages: readonly { message: OutboxMessage; groupPrefix?: string }[],
  ): Promise<void> {
    for (const { message, groupPrefix } of messages) {
      if (groupPrefix !== undefined) await this.repo.dropPending(groupPrefix, db);
      await this.repo.enqueue(message, undefined, db);
    }
  }

  /** Wakes the dispatcher, e.g. after a transaction with enqueueIn committed. */
  notify(): void {
    this.dispatcher.notify();
  }

  async status(key: string): Promise<OutboxStatus | undefined> {
    return (await this.repo.get(key))?.status;
  }

  counts(): Promise<Record<OutboxStatus, number>> {
    return this.repo.counts();
  }
}
