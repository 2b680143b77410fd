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

  enqueue(message: OutboxMessage, notBefore?: number): boolean {
    const added = this.repo.enqueue(message, notBefore);
    if (added) this.dispatcher.notify();
    return added;
  }

  /**
   * Enqueues a message that makes earlier pending ones in its group obsolete (a card's newer
   * state): those not yet sent are dropped, so a busy card never lags behind.
   */
  enqueueLatest(message: OutboxMessage, groupPrefix: string): boolean {
    this.repo.dropPending(groupPrefix);
    return this.enqueue(message);
  }

  status(key: string): OutboxStatus | undefined {
    return this.repo.get(key)?.status;
  }

  counts(): Record<OutboxStatus, number> {
    return this.repo.counts();
  }
}
