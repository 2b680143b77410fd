/** A command line split into its word, positional arguments and `--flags`. */
export interface ParsedArgs {
  /** Lower-cased first word, or '' for empty input. */
  command: string;
  /** Everything after the first word, as typed (trimmed). */
  rest: string;
  positional: string[];
  flags: Record<string, string | true>;
}

const MENTION = /<at>[^<]*<\/at>/gi;

/**
 * What normalizeText would change: a tag or entity (`<`, `&`), whitespace other than a single
 * space (runs, tabs, no-break spaces), or whitespace at either end. Typed commands rarely have
 * any, and every turn normalizes its text, so those skip the nine replaces.
 */
const NEEDS_NORMALIZING = /[<&]|[^\S ]| {2}|^ | $/;

/**
 * Turns what the user typed into the message text of a command. Teams wraps mentions in
 * <at> tags and may send HTML entities and non-breaking spaces; none of that is a word.
 */
export function normalizeText(raw: string): string {
  return NEEDS_NORMALIZING.test(raw) ? rewriteText(raw) : raw;
}

/** normalizeText without the fast path; exported so a test can hold the two together. */
export function rewriteText(raw: string): string {
  return raw
    .replace(MENTION, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;|\u00a0/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** Splits on spaces, keeping "double" or 'single' quoted strings (and “smart quotes”) whole. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|“([^”]*)”|(\S+)/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    tokens.push(m[1] ?? m[2] ?? m[3] ?? m[4] ?? '');
  }
  return tokens;
}

/** Flags that never take a value, so `--dry-run eastus2` keeps `eastus2` positional. */
export const SWITCHES: ReadonlySet<string> = new Set([
  'dry-run',
  'keep-resource-group',
  'json',
  'help',
  'yes',
]);

/**
 * Parses `word arg --flag value --switch`. The command word is matched exactly later, so
 * "please don't delete" is the command "please", never "delete".
 */
export function parseCommand(raw: string, switches: ReadonlySet<string> = SWITCHES): ParsedArgs {
  const text = normalizeText(raw);
  const tokens = tokenize(text);
  const first = tokens[0] ?? '';
  const command = first.replace(/^\//, '').toLowerCase();
  const rest = text.slice(text.indexOf(first) + first.length).trim();
  const positional: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 1; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    if (token.startsWith('--') && token.length > 2) {
      const [name = '', inline] = token.slice(2).split(/=(.*)/s, 2);
      const next = tokens[i + 1];
      const key = name.toLowerCase();
      if (inline !== undefined) flags[key] = inline;
      else if (!switches.has(key) && next !== undefined && !next.startsWith('--')) {
        flags[key] = next;
        i++;
      } else flags[key] = true;
    } else {
      positional.push(token);
    }
  }
  return { command, rest, positional, flags };
}
