import { actorKey, type Actor } from '../../chat/actor';
import { channelOf } from '../../chat/conversation-id';
import type { Operation } from './operation';

export type ConfirmResult =
  | { ok: true; operation: Operation }
  | {
      ok: false;
      reason: 'unknown' | 'expired' | 'not-planned' | 'not-requester' | 'elsewhere';
      operation?: Operation;
    }
  | { ok: false; reason: 'locked'; holder: Operation; operation: Operation };

export type CancelResult =
  | { ok: true; operation: Operation }
  | { ok: false; reason: 'unknown' }
  | { ok: false; reason: 'not-planned' | 'not-requester' | 'elsewhere'; operation: Operation };

/**
 * Who answers a plan, and from where. A confirmation is bound to the plan's kind (a button of
 * one kind can never start another: cleanup's typed check cannot be skipped by sending
 * provision's verb), to its requester, and to the conversation the plan was shown in.
 */
export interface PlanAnswer {
  kind: string;
  actor: Actor;
  conversationId: string;
  /** The message holding the clicked card, to update it in place later. */
  cardActivityId?: string | undefined;
}

const sameConversation = (a: string, b: string) => channelOf(a) === channelOf(b);

/** The plan an answer may act on: of its kind, still planned, its requester's, from there. */
export function checkAnswer(op: Operation | undefined, answer: PlanAnswer): CancelResult {
  if (!op || op.kind !== answer.kind) return { ok: false, reason: 'unknown' };
  if (op.state !== 'planned') return { ok: false, reason: 'not-planned', operation: op };
  if (actorKey(answer.actor) !== op.requesterId) {
    return { ok: false, reason: 'not-requester', operation: op };
  }
  if (!sameConversation(answer.conversationId, op.conversationId)) {
    return { ok: false, reason: 'elsewhere', operation: op };
  }
  return { ok: true, operation: op };
}
