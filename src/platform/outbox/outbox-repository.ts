import type { Reply } from '../../chat/reply';
import type { Database } from '../store/database';
import { OutboxSendLog } from './send-log';

/**
 * send: a new message in a conversation (or thread); post: a new top-level channel post;
 * reply: a message in the thread started by `parentKey`; update: replace the message sent
 * as `parentKey` (or `targetActivityId`).
 */
export type OutboxKind = 'send' | 'post' | 'reply' | 'update';
export type OutboxStatus = 'pending' | 'sending' | 'delivered' | 'failed' | 'dead' | 'uncertain';

export interface OutboxMessage {
  /** Idempotency key: enqueuing the same key twice stores (and sends) it once. */
  key: string;
  conversationId: string;
  kind: OutboxKind;
  parentKey?: string;
  targetActivityId?: string;
  payload: Reply;
}

export interface OutboxRow extends OutboxMessage {
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | undefined;
  resultConversationId: string | undefined;
  resultActivityId: string | undefined;
  createdAt: number;
}

interface Row {
  key: string;
  conversation_id: string;
  kind: OutboxKind;
  parent_key: string | null;
  target_activity_id: string | null;
  payload: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  result_conversation_id: string | null;
  result_activity_id: string | null;
  created_at: number;
}

const toRow = (r: Row): OutboxRow => ({
  key: r.key,
  conversationId: r.conversation_id,
  kind: r.kind,
  ...(r.parent_key !== null ? { parentKey: r.parent_key } : {}),
  ...(r.target_activity_id !== null ? { targetActivityId: r.target_activity_id } : {}),
  payload: JSON.parse(r.payload) as Reply,
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  lastError: r.last_error ?? undefined,
  resultConversationId: r.result_conversation_id ?? undefined,
  resultActivityId: r.result_activity_id ?? undefined,
  createdAt: r.created_at,
});

/** The durable queue of proactive messages: written before sending, marked after. */
export class OutboxRepository {
  /** Recent send attempts, kept so that pacing survives a restart. */
  readonly sends: OutboxSendLog;

  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {
    this.sends = new OutboxSendLog(db);
  }

  /** Stores the message unless its key exists; returns false for a duplicate. */
  enqueue(m: OutboxMessage, notBefore = this.now()): boolean {
    const now = this.now();
    return (
      this.db
        .prepareCached(
          `INSERT OR IGNORE INTO outbox (key, conversation_id, kind, parent_key, target_activity_id, payload,
             status, next_attempt_at, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)`,
        )
        .run(
          m.key,
          m.conversationId,
          m.kind,
          m.parentKey ?? null,
          m.targetActivityId ?? null,
          JSON.stringify(m.payload),
          notBefore,
          now,
          now,
        ).changes === 1
    );
  }

  defer(key: string, at: number): void {
    this.db
      .prepareCached("UPDATE outbox SET next_attempt_at = ? WHERE key = ? AND status = 'pending'")
      .run(at, key);
  }

  /** Drops pending (not in-flight) messages whose key starts with `prefix`. */
  dropPending(prefix: string): number {
    return this.db
      .prepareCached("DELETE FROM outbox WHERE status = 'pending' AND substr(key, 1, ?) = ?")
      .run(prefix.length, prefix).changes;
  }

  get(key: string): OutboxRow | undefined {
    const row = this.db.prepareCached<[string], Row>('SELECT * FROM outbox WHERE key = ?').get(key);
    return row ? toRow(row) : undefined;
  }

  /** Pending messages that are due, oldest first. */
  due(now: number, limit: number): OutboxRow[] {
    return this.db
      .prepareCached<[number, number], Row>(
        `SELECT * FROM outbox WHERE status = 'pending' AND next_attempt_at <= ?
         ORDER BY next_attempt_at, created_at LIMIT ?`,
      )
      .all(now, limit)
      .map(toRow);
  }

  nextDueAt(): number | undefined {
    const row = this.db
      .prepareCached<[], { at: number | null }>(
        "SELECT MIN(next_attempt_at) AS at FROM outbox WHERE status = 'pending'",
      )
      .get();
    return row?.at ?? undefined;
  }

  /** Claims a pending message for sending; false when another worker got it first. */
  claim(key: string): boolean {
    return (
      this.db
        .prepareCached(
          "UPDATE outbox SET status = 'sending', attempts = attempts + 1, updated_at = ? WHERE key = ? AND status = 'pending'",
        )
        .run(this.now(), key).changes === 1
    );
  }

  markDelivered(key: string, result: { conversationId?: string; activityId?: string }): void {
    this.db
      .prepareCached(
        `UPDATE outbox SET status = 'delivered', result_conversation_id = ?, result_activity_id = ?,
           last_error = NULL, updated_at = ? WHERE key = ?`,
      )
      .run(result.conversationId ?? null, result.activityId ?? null, this.now(), key);
  }

  reschedule(key: string, at: number, error: string): void {
    this.db
      .prepareCached(
        "UPDATE outbox SET status = 'pending', next_attempt_at = ?, last_error = ?, updated_at = ? WHERE key = ?",
      )
      .run(at, error, this.now(), key);
  }

  finish(key: string, status: 'failed' | 'dead', error: string): void {
    this.db
      .prepareCached('UPDATE outbox SET status = ?, last_error = ?, updated_at = ? WHERE key = ?')
      .run(status, error, this.now(), key);
  }

  /**
   * After a crash, a message left in 'sending' may or may not have reached Teams. Updates
   * are safe to repeat, so they go back to pending; new messages are parked as 'uncertain'
   * rather than risk a duplicate the user can see.
   */
  recoverInterrupted(): { retried: number; uncertain: number } {
    const now = this.now();
    const retried = this.db
      .prepareCached(
        "UPDATE outbox SET status = 'pending', next_attempt_at = ?, updated_at = ? WHERE status = 'sending' AND kind = 'update'",
      )
      .run(now, now).changes;
    const uncertain = this.db
      .prepareCached(
        "UPDATE outbox SET status = 'uncertain', last_error = 'interrupted during send', updated_at = ? WHERE status = 'sending'",
      )
      .run(now).changes;
    return { retried, uncertain };
  }

  counts(): Record<OutboxStatus, number> {
    const out: Record<OutboxStatus, number> = {
      pending: 0,
      sending: 0,
      delivered: 0,
      failed: 0,
      dead: 0,
      uncertain: 0,
    };
    for (const r of this.db
      .prepareCached<[], { status: OutboxStatus; n: number }>(
        'SELECT status, COUNT(*) AS n FROM outbox GROUP BY status',
      )
      .all()) {
      out[r.status] = r.n;
    }
    return out;
  }
}
