import { isStoreUnavailable } from '../platform/store/store-unavailable';
import { describeError } from '../services/describe-error';
import { translator, type Lang } from '../chat/i18n';

/**
 * Chat text for an error that ended a turn, in the turn's language. Typed errors say what to do
 * (describeError's sentence); anything else gets a reference id that matches
 * the log line, and never the raw message or a stack.
 */
export function userErrorText(err: unknown, ref: string, lang: Lang = 'en'): string {
  const t = translator(lang);
  if (isStoreUnavailable(err)) return t('errors.storeUnavailable');
  return describeError(err, lang) ?? t('errors.somethingWrong', { ref });
}
