import { isStoreUnavailable, STORE_UNAVAILABLE_TEXT } from '../platform/store/store-unavailable';
import { describeError } from '../services/describe-error';

/**
 * Chat text for an error that ended a turn. Typed errors say what to do; anything else gets a
 * reference id that matches the log line, and never the raw message or a stack.
 */
export function userErrorText(err: unknown, ref: string): string {
  if (isStoreUnavailable(err)) return STORE_UNAVAILABLE_TEXT;
  return (
    describeError(err) ??
    `Something went wrong (ref: ${ref}). An operator can find the details in the bot's log under this reference.`
  );
}
