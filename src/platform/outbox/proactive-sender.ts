import type { Reply } from '../../chat/reply';

/**
 * What the outbox needs from the chat platform. src/bot implements it over botbuilder; the
 * outbox itself stays SDK-free.
 */
export interface ProactiveSender {
  /** A new message in a conversation or thread; resolves with its activity id. */
  send(conversationId: string, reply: Reply): Promise<string | undefined>;
  /** Replaces a message the bot sent earlier. */
  update(conversationId: string, activityId: string, reply: Reply): Promise<void>;
  /** A new top-level post in a channel; resolves with the thread id and root message id. */
  postToChannel(
    channelConversationId: string,
    reply: Reply,
  ): Promise<{ conversationId: string; activityId: string | undefined }>;
}

/** Teams answers these when a send may succeed later (throttled, busy, or a stale eTag). */
export const TEAMS_RETRY_STATUSES: ReadonlySet<number> = new Set([412, 429, 502, 503, 504]);
