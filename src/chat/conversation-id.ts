/**
 * Teams addresses a reply thread in a channel as `<channel id>;messageid=<root message id>`.
 * Limits, records and subscriptions belong to the channel, so most code wants the base id.
 */
const THREAD = /;messageid=(.+)$/;

/** The channel (or chat) a conversation id belongs to, without the thread part. */
export const channelOf = (conversationId: string): string => conversationId.replace(THREAD, '');

/** The id of the thread's root message, when the id names a thread. */
export const threadRootOf = (conversationId: string): string | undefined =>
  THREAD.exec(conversationId)?.[1];
