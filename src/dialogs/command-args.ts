import { z } from 'zod';
import type { ParsedArgs } from './parse-command';
import { escapeMarkdown } from '../chat/escape-markdown';
import { translator, type Lang, type MessageKey, type MessageVars } from '../chat/i18n';
import { en } from '../chat/messages/catalogues';

/**
 * What a command declares about its command line, so the router parses and checks it before
 * the handler runs and every command answers a bad argument the same way (with its syntax).
 */

/**
 * A schema's problem as a catalogue key and its values, carried in zod's message (schemas are
 * built once at start, before anyone's language is known) and translated when a line is parsed.
 */
const problem = (key: MessageKey, vars: MessageVars = {}) => JSON.stringify({ key, vars });

/** The caller's sentence for a schema's message (a message not made by `problem` stays). */
function problemText(message: string | undefined, lang: Lang): string {
  const t = translator(lang);
  if (message === undefined) return t('args.notValid');
  try {
    const { key, vars } = JSON.parse(message) as { key: MessageKey; vars: MessageVars };
    return t(key, vars);
  } catch {
    return message;
  }
}

/** Flag schemas. On the command line a flag is its text, or `true` when given bare. */
export const flag = {
  /** `--name value`. */
  text: (example: string) =>
    z
      .string({ error: problem('args.needsValue', { example }) })
      .min(1, problem('args.needsValue', { example })),
  /** `--name 0.7`, within [min, max]. */
  number: (min: number, max: number) =>
    z
      .string({ error: problem('args.number', { min, max }) })
      .refine((v) => isIn(Number(v), min, max), problem('args.number', { min, max }))
      .transform(Number),
  /** `--name 0,1`: one or more numbers within [min, max]. */
  numbers: (min: number, max: number, example: string) =>
    z
      .string({ error: problem('args.numbers', { min, max, example }) })
      .refine(
        (v) => v.split(',').every((t) => t.trim() !== '' && isIn(Number(t), min, max)),
        problem('args.numbers', { min, max, example }),
      )
      .transform((v) => v.split(',').map(Number)),
  /** `--name 3`: a whole number within [min, max]. */
  int: (min: number, max: number) =>
    z
      .string({ error: problem('args.int', { min, max }) })
      .refine(
        (v) => Number.isInteger(Number(v)) && isIn(Number(v), min, max),
        problem('args.int', { min, max }),
      )
      .transform(Number),
  /** `--dry-run`: takes no value. */
  switch: () => z.literal(true, { error: problem('args.noValue') }),
} as const;

type WhatId = keyof typeof en.args.what;
const WHAT_IDS = Object.keys(en.args.what) as WhatId[];

/**
 * What a command takes, in the caller's language: `words.what` is an id of the catalogue's
 * `args.what` ("target"); an English text of that list ("one target") is read as its id, and
 * any other text is shown as written.
 */
function whatText(what: string, lang: Lang): string {
  const id = WHAT_IDS.find((k) => k === what || en.args.what[k] === what);
  return id ? translator(lang)(`args.what.${id}` as MessageKey) : what;
}

const isIn = (n: number, min: number, max: number) => Number.isFinite(n) && n >= min && n <= max;

type FlagShape = Record<string, z.ZodType<unknown, string | true>>;

/** A command line after checking: typed flags (absent ones undefined), words, free text. */
export interface CommandArgs<F> {
  flags: F;
  /** The words after the command that are not flags or flag values. */
  positional: string[];
  /** What was typed after the command word, without the declared flags. */
  text: string;
}

/** The declared arguments of a command, as the router uses them. */
export interface ArgsSchema<A> {
  /** Flags that take no value, so `--dry-run eastus2` keeps `eastus2` as a word. */
  readonly switches: ReadonlySet<string>;
  /** `problem` is in `lang` (default English). */
  parse(args: ParsedArgs, lang?: Lang): { ok: true; value: A } | { ok: false; problem: string };
}

type FlagValues<F extends FlagShape> = { [K in keyof F]?: z.output<F[K]> };

export interface ArgsSpec<F extends FlagShape> {
  flags?: F;
  /**
   * How many words may follow the command (default: any; free-text commands say nothing);
   * `what` names them for a refusal: an id of the catalogue's `args.what`, e.g. `target`.
   */
  words?: { max: number; what: string };
}

/** Declares a command's flags (each optional) and how many words it takes. */
export function commandArgs<F extends FlagShape = Record<never, never>>(
  spec: ArgsSpec<F> = {},
): ArgsSchema<CommandArgs<FlagValues<F>>> {
  const shape: FlagShape = spec.flags ?? {};
  const names = Object.keys(shape);
  const switches = new Set(
    names.filter((n) => shape[n]?.safeParse(true).success && !shape[n]?.safeParse('x').success),
  );
  return {
    switches,
    parse(args, lang = 'en') {
      const t = translator(lang);
      const values: Record<string, unknown> = {};
      for (const [name, raw] of Object.entries(args.flags)) {
        const schema = shape[name];
        if (!schema) {
          const options = names.map((n) => `--${n}`).join(', ');
          return {
            ok: false,
            problem: options
              ? t('args.notAnOptionKnown', { name, options })
              : t('args.notAnOption', { name }),
          };
        }
        const r = schema.safeParse(raw);
        if (!r.success) {
          const why = problemText(r.error.issues[0]?.message, lang);
          return { ok: false, problem: t('args.invalid', { name, problem: why }) };
        }
        values[name] = r.data;
      }
      if (spec.words && args.positional.length > spec.words.max) {
        const extra = escapeMarkdown(args.positional.slice(spec.words.max).join(' '));
        const what = whatText(spec.words.what, lang);
        return {
          ok: false,
          problem: t(spec.words.max === 0 ? 'args.takesNone' : 'args.tooMany', { what, extra }),
        };
      }
      return {
        ok: true,
        value: {
          flags: values as FlagValues<F>,
          positional: args.positional,
          text: withoutFlags(args.rest, Object.keys(args.flags), switches),
        },
      };
    },
  };
}

/** The free text of a command line: what was typed after the word, minus the `--flags`. */
function withoutFlags(
  rest: string,
  flags: readonly string[],
  switches: ReadonlySet<string>,
): string {
  let t = rest;
  for (const f of flags) {
    const name = f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const value = switches.has(f) ? '(?=\\s|$)' : `(=\\S+|\\s+("[^"]*"|'[^']*'|\\S+))?`;
    t = t.replace(new RegExp(`(^|\\s)--${name}${value}`, 'gi'), ' ');
  }
  return t.replace(/\s+/g, ' ').trim();
}

/** The checked arguments a schema yields, for handlers written apart from their command. */
export type ArgsOf<S> = S extends ArgsSchema<infer A> ? A : never;
