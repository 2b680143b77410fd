import type { z } from 'zod';
import type { MessageKey } from '../../chat/i18n';
import type { UserMessage } from '../../services/errors';

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

/** Messages one after the other ("a; b; c"), each in the reader's language. */
export function joinMessages(messages: readonly (UserMessage | string)[]): UserMessage | string {
  const [first, ...rest] = messages;
  if (first === undefined) return '';
  if (rest.length === 0) return first;
  return { key: 'suiteErrors.join', parts: { first, rest: joinMessages(rest) } };
}

/** Alternatives ("text or a mapping"), each in the reader's language. */
function orMessages(options: readonly (UserMessage | string)[]): UserMessage | string {
  const [first, ...rest] = options;
  if (first === undefined || rest.length === 0) return first ?? '';
  return { key: 'suiteErrors.or', parts: { first, rest: orMessages(rest) } };
}

const TYPES = ['string', 'number', 'int', 'boolean', 'object', 'array', 'nothing'] as const;
type TypeName = (typeof TYPES)[number];
const typeMessage = (t: string): UserMessage => ({
  key: `suiteErrors.type.${(TYPES as readonly string[]).includes(t) ? (t as TypeName) : 'other'}`,
});

/** What a YAML value is, in the words of the type names. */
function typeOf(input: unknown): string {
  if (input === null || input === undefined) return 'nothing';
  if (Array.isArray(input)) return 'array';
  if (typeof input === 'number') return Number.isInteger(input) ? 'int' : 'number';
  return typeof input;
}

/** One issue: the field (`cases.0.input`, or "the file" for the whole document) and its text. */
function issueMessage(
  key: MessageKey,
  path: Path,
  vars: Record<string, string | number> = {},
  parts: Record<string, UserMessage | string> = {},
): UserMessage {
  const where = path.map(String).join('.');
  return {
    key,
    vars: { ...vars, ...(where ? { path: where } : {}) },
    parts: { ...parts, ...(where ? {} : { path: { key: 'suiteErrors.file' } }) },
  };
}

const isRootTypeMiss = (i: Issue): boolean =>
  i.path.length === 0 && (i.code === 'invalid_type' || i.code === 'invalid_value');
const isKeyMiss = (i: Issue): boolean =>
  (i.code === 'unrecognized_keys' && i.path.length === 0) ||
  (i.code === 'invalid_type' && i.input === undefined && i.path.length === 1);

/**
 * The key a branch of a union of one-key mappings stands for: the one it misses, the one it found
 * fault inside, or else the written key it did not call unknown (it was right there).
 */
function branchKey(branch: readonly Issue[], unknown: PropertyKey[], input: unknown): string[] {
  const inside = branch.find((i) => i.path.length > 0);
  if (inside) return [String(inside.path[0])];
  const written = input !== null && typeof input === 'object' ? Object.keys(input) : [];
  return written.filter((k) => !unknown.includes(k)).slice(0, 1);
}

/**
 * A union (an assertion, or the short and long form of one) failed every branch: zod lists each
 * branch's issues. The branch whose key the user wrote is the one they meant; if none, the user
 * wrote an unknown key, and the union's keys are what to write instead.
 */
function unionMessages(
  path: Path,
  branches: readonly (readonly Issue[])[],
  input: unknown,
): UserMessage[] {
  const meant = branches.filter((b) => !b.some(isKeyMiss));
  const shaped = meant.find((b) => !b.some(isRootTypeMiss));
  if (shaped) return shaped.flatMap((i) => messagesOf(i, path));
  if (meant.length > 0) {
    const expected = meant.flatMap((b) =>
      b.flatMap((i): (UserMessage | string)[] =>
        i.code === 'invalid_type'
          ? [typeMessage(i.expected)]
          : i.code === 'invalid_value'
            ? i.values.map(String)
            : [],
      ),
    );
    return [issueMessage('suiteErrors.oneOfTypes', path, {}, { expected: orMessages(expected) })];
  }
  const keysOf = (b: readonly Issue[]): PropertyKey[] =>
    b.flatMap((i) => (i.code === 'unrecognized_keys' && i.path.length === 0 ? i.keys : []));
  const unknown = keysOf(branches[0] ?? []).filter((k) =>
    branches.every((b) => keysOf(b).includes(k)),
  );
  const options = [...new Set(branches.flatMap((b) => branchKey(b, keysOf(b), input)))].join(', ');
  return [
    unknown.length
      ? issueMessage('suiteErrors.unknownKey', path, {
          keys: unknown.map(String).join(', '),
          options,
        })
      : issueMessage('suiteErrors.exactlyOne', path, { options }),
  ];
}

/** The catalogue sentence(s) for one zod issue under `prefix`. */
function messagesOf(i: Issue, prefix: Path): UserMessage[] {
  const path = [...prefix, ...i.path];
  switch (i.code) {
    case 'invalid_type': {
      const expected = typeMessage(i.expected);
      return i.input === undefined
        ? [issueMessage('suiteErrors.missing', path, {}, { expected })]
        : [
            issueMessage(
              'suiteErrors.wrongType',
              path,
              {},
              { expected, received: typeMessage(typeOf(i.input)) },
            ),
          ];
    }
    case 'too_small':
    case 'too_big': {
      const limit = Number(i.code === 'too_small' ? i.minimum : i.maximum);
      const side = i.code === 'too_small' ? 'small' : 'big';
      const origin: string = i.origin;
      if (origin === 'string' || origin === 'array')
        return [issueMessage(`suiteErrors.${side}.${origin}`, path, { count: limit })];
      const strict = i.inclusive === false ? 'Strict' : '';
      return [issueMessage(`suiteErrors.${side}.number${strict}`, path, { limit })];
    }
    case 'unrecognized_keys':
      return [
        issueMessage('suiteErrors.unrecognized', path, {
          keys: i.keys.join(', '),
          count: i.keys.length,
        }),
      ];
    case 'invalid_union':
      return unionMessages(path, i.errors, i.input);
    case 'invalid_value':
      return [
        issueMessage('suiteErrors.oneOfValues', path, { values: i.values.map(String).join(', ') }),
      ];
    case 'invalid_format':
      // The suite format's only pattern is the case id's.
      return [
        issueMessage(i.format === 'regex' ? 'suiteErrors.idChars' : 'suiteErrors.format', path, {
          format: i.format,
        }),
      ];
    case 'invalid_key':
    case 'invalid_element':
    case 'not_multiple_of':
    case 'custom':
      // Codes the suite schema does not produce (keys of maps, multiples, custom checks).
      return [issueMessage('suiteErrors.other', path, {}, { message: i.message })];
  }
}

/** A suite file's first `max` problems, each naming its field and what to write there. */
export function suiteIssuesMessage(issues: readonly Issue[], max = 3): UserMessage | string {
  return joinMessages(issues.flatMap((i) => messagesOf(i, [])).slice(0, max));
}
