import type { Lang } from '../../chat/i18n';
import type { Logger } from '../logging/logger';
import type { Outbox } from '../outbox/outbox';
import type { OutboxMessage } from '../outbox/outbox-repository';
import { operationLockName, RUNNER_POSTED_CARD, type Operation } from './operation';
import type { OperationRepository } from './operation-repository';
import type { RegisteredKind } from './registered-kind';

export interface PublisherOptions {
  /** This replica: a save counts only while it holds the operation's lease. */
  replicaId: string;
  now: () => number;
  /** The language a conversation reads; English when not given. */
  languageOf: ((conversationId: string) => Promise<Lang>) | undefined;
}

/**
 * Writes what the runner decided: the operation's saved state, its card update and, at the end,
 * the "finished" message, all in one transaction. A crash between them could otherwise leave an
 * operation succeeded whose card still says running and whose requester is never told (nothing
 * re-runs a finished operation), or a card ahead of the state a restart resumes from.
 */
export class OperationPublisher {
  constructor(
    private readonly repo: OperationRepository,
    private readonly kinds: ReadonlyMap<string, RegisteredKind>,
    private readonly outbox: Outbox,
    private readonly log: Logger,
    private readonly options: PublisherOptions,
  ) {}

  /** The language the operation's conversation reads; a store hiccup falls back to English. */
  async langOf(op: Operation): Promise<Lang> {
    const of = this.options.languageOf;
    return of ? of(op.conversationId).catch(() => 'en' as const) : 'en';
  }

  /**
   * Saves while this replica still holds the lease. False when another replica took the
   * operation over (this one stalled past its lease): its result is dropped, since the new
   * holder re-runs the step from the saved token and every step is idempotent.
   */
  async saveOwned(op: Operation): Promise<boolean> {
    return this.saveWith(op, []);
  }

  /**
   * Saves with the card's new state; only the newest pending update per card is kept. `also`
   * are messages that must go out exactly when this state is saved.
   */
  async publish(op: Operation, also: readonly OutboxMessage[] = []): Promise<boolean> {
    op.cardVersion++;
    const messages: { message: OutboxMessage; groupPrefix?: string }[] = [];
    // Rendered before the transaction: a language lookup inside it would wait for the
    // transaction's own connection on SQLite.
    const payload = op.cardActivityId
      ? this.kinds.get(op.kind)?.render(op, this.options.now(), await this.langOf(op))
      : undefined;
    const root = `op:${op.id}:posted`;
    const posted = op.cardActivityId === RUNNER_POSTED_CARD;
    if (payload && posted && (await this.outbox.status(root)) === undefined) {
      // A card nobody replied with: the first publish posts it; later ones update that message
      // once the outbox has delivered it.
      messages.push({
        message: { key: root, conversationId: op.conversationId, kind: 'send', payload },
      });
    } else if (payload && op.cardActivityId) {
      messages.push({
        message: {
          key: `op:${op.id}:card:${op.cardVersion}`,
          conversationId: op.conversationId,
          kind: 'update',
          ...(posted ? { parentKey: root } : { targetActivityId: op.cardActivityId }),
          payload,
        },
        groupPrefix: `op:${op.id}:card:`,
      });
    }
    return this.saveWith(op, [...messages, ...also.map((message) => ({ message }))]);
  }

  /** Ends the operation: state, last card and the finished message together, then the lock. */
  async finish(op: Operation, state: 'succeeded' | 'failed', error?: string): Promise<void> {
    op.state = state;
    op.finishedAt = this.options.now();
    op.error = error;
    const message = await this.kinds.get(op.kind)?.finished(op, await this.langOf(op));
    const also: OutboxMessage[] = message
      ? [
          {
            key: `op:${op.id}:finished`,
            conversationId: op.conversationId,
            kind: 'send',
            payload: message,
          },
        ]
      : [];
    if (!(await this.publish(op, also))) return;
    // A crash before this leaves the lock to an ended operation: acquireLock takes it over.
    await this.repo.releaseLock(operationLockName(op), op.id);
    this.log.info({ operationId: op.id, kind: op.kind, state, error }, 'operation finished');
  }

  private async saveWith(
    op: Operation,
    messages: readonly { message: OutboxMessage; groupPrefix?: string }[],
  ): Promise<boolean> {
    const owner = this.options.replicaId;
    const saved =
      messages.length === 0
        ? await this.repo.saveOwned(op, owner)
        : await this.repo.transaction(async (db) => {
            if (!(await this.repo.saveOwned(op, owner, db))) return false;
            await this.outbox.enqueueIn(db, messages);
            return true;
          });
    if (!saved) {
      this.log.warn(
        { operationId: op.id },
        'operation lease lost to another replica; result dropped',
      );
      return false;
    }
    if (messages.length > 0) this.outbox.notify();
    return true;
  }
}
