import { z } from 'zod';
import type { ParsedArgs } from './parse-command';
import { escapeMarkdown } from '../chat/escape-markdown';

/**
 * What a command declares about its command line, so the router parses and checks it before
 * the handler runs and every command answers a bad argument the same way (with its syntax).
 */

/** Flag schemas. On the command line a flag is its text, or `true` when given bare. */
export const flag = {
  /** `--name value`. */
  text: (example: string) =>
    z
      .string({ error: `needs a value, e.g. \`${example}\`` })
      .min(1, `needs a value, e.g. \`${example}\``),
  /** `--name 0.7`, within [min, max]. */
  number: (min: number, max: number) =>
    z
      .string({ error: `must be a number from ${min} to ${max}` })
      .refine((v) => isIn(Number(v), min, max), `must be a number from ${min} to ${max}`)
      .transform(Number),
  /** `--name 0,1`: one or more numbers within [min, max]. */
  numbers: (min: number, max: number, example: string) =>
    z
      .string({ error: `takes numbers from ${min} to ${max}, e.g. \`${example}\`` })
      .refine(
        (v) => v.split(',').every((t) => t.trim() !== '' && isIn(Number(t), min, max)),
        `takes numbers from ${min} to ${max}, e.g. \`${example}\``,
      )
      .transform((v) => v.split(',').map(Number)),
  /** `--name 3`: a whole number within [min, max]. */
  int: (min: number, max: number) =>
    z
      .string({ error: `must be a whole number from ${min} to ${max}` })
      .refine(
        (v) => Number.isInteger(Number(v)) && isIn(Number(v), min, max),
        `must be a whole number from ${min} to ${max}`,
      )
      .transform(Number),
  /** `--dry-run`: takes no value. */
  switch: () => z.literal(true, { error: 'takes no value' }),
} as const;

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
  parse(args: ParsedArgs): { ok: true; value: A } | { ok: false; problem: string };
}

type FlagValues<F extends FlagShape> = { [K in keyof F]?: z.output<F[K]> };

export interface ArgsSpec<F extends FlagShape> {
  flags?: F;
  /** How many words may follow the command (default: any; free-text commands say nothing). */
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
    parse(args) {
      const values: Record<string, unknown> = {};
      for (const [name, raw] of Object.entries(args.flags)) {
        const schema = shape[name];
        if (!schema) {
          const known = names.length
            ? ` Its options: ${names.map((n) => `--${n}`).join(', ')}.`
            : '';
          return { ok: false, problem: `\`--${name}\` is not an option here.${known}` };
        }
        const r = schema.safeParse(raw);
        if (!r.success) {
          return {
            ok: false,
            problem: `\`--${name}\` ${r.error.issues[0]?.message ?? 'is not valid'}.`,
          };
        }
        values[name] = r.data;
      }
      if (spec.words && args.positional.length > spec.words.max) {
        const extra = args.positional.slice(spec.words.max).join(' ');
        return {
          ok: false,
          problem:
            spec.words.max === 0
              ? `This command takes no ${spec.words.what}; "${escapeMarkdown(extra)}" is not understood.`
              : `Too many words: "${escapeMarkdown(extra)}" is not understood (it takes ${spec.words.what}).`,
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
