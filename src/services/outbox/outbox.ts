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

  status(key: string): OutboxStatus | undefined {
    return this.repo.get(key)?.status;
  }

  counts(): Record<OutboxStatus, number> {
    return this.repo.counts();
  }
}
