import { z } from 'zod';
import { translator } from '../chat/i18n';
import type { UserMessage } from '../services/errors';

/**
 * Field parsers shared by every config area. An empty or blank variable counts as unset, so a
 * `.env` copied from `.env.sample` with empty values behaves like no `.env` at all.
 */
export const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/**
 * An http(s) URL. `localhost:5000` parses as a URL whose scheme is `localhost:`, so parsing alone
 * would accept it and every call would fail later; the scheme is checked here instead.
 */
export const optionalUrl = optionalString.refine(
  (v) => v === undefined || (URL.canParse(v) && ['http:', 'https:'].includes(new URL(v).protocol)),
  'must be an absolute URL with its scheme, such as https://example.com or http://localhost:5000',
);

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Entries of an id list that are not Entra object ids (an e-mail, a display name). A warning,
 * not an error: the bot still starts and the other ids still work, but nobody matches these.
 */
export function notObjectIds(variable: string, ids: readonly string[]): ConfigWarning[] {
  return ids
    .filter((id) => !GUID.test(id))
    .map((id) => configWarning({ key: 'statusDetail.notObjectId', vars: { variable, id } }));
}

/**
 * A setting accepted with a warning: `text` in English for the start-up log, `message` for
 * `status`, which shows it in the reader's language.
 */
export interface ConfigWarning {
  readonly text: string;
  readonly message: UserMessage;
}

const configWarning = (message: UserMessage): ConfigWarning => ({
  text: translator('en')(message.key, message.vars),
  message,
});

export const csv = optionalString.transform((v) =>
  v === undefined
    ? []
    : v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
);

export const port = (fallback: number) =>
  optionalString
    .transform((v) => (v === undefined ? fallback : Number(v)))
    .refine((n) => Number.isInteger(n) && n >= 0 && n <= 65535, 'must be a port number 0-65535');

export const positiveInt = (fallback: number, unit = '') =>
  optionalString
    .transform((v) => (v === undefined ? fallback : Number(v)))
    .refine((n) => Number.isInteger(n) && n > 0, `must be a positive integer${unit}`);

/** `true` or `false` in any case; unset is false, anything else is refused rather than guessed. */
export const optionalBoolean = optionalString
  .refine(
    (v) => v === undefined || ['true', 'false'].includes(v.toLowerCase()),
    'must be true or false',
  )
  .transform((v) => v?.toLowerCase() === 'true');
