import { z } from 'zod';

/**
 * Field parsers shared by every config area. An empty or blank variable counts as unset, so a
 * `.env` copied from `.env.sample` with empty values behaves like no `.env` at all.
 */
export const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

export const optionalUrl = optionalString.refine(
  (v) => v === undefined || URL.canParse(v),
  'must be an absolute URL such as https://example.com',
);

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
