import type { Selectable } from 'kysely';
import type { Reply } from '../../chat/reply';
import type { OutboxTable } from '../store/tables';

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

/** A stored row as the outbox speaks of it (payload parsed, NULLs as absent). */
export const toRow = (r: Selectable<OutboxTable>): OutboxRow => ({
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

export type DueMessage = Pick<OutboxMessage, 'key' | 'conversationId' | 'parentKey'>;

/** Who holds a claim, and until when; past `until` the claim is presumed abandoned. */
export interface Lease {
  replica: string;
  until: number;
}
