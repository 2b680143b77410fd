/**
 * Which commands an unknown message probably meant: a command word or synonym it names, or a
 * near spelling of its first word. Pure, so the router and its tests share one answer.
 */

/** Other words and phrases for each command id, in any language the team writes in. */
export type CommandSynonyms = Readonly<Record<string, readonly string[]>>;

/** At most this many suggestions: more is the help card again, which is what we avoid. */
export const MAX_SUGGESTIONS = 3;

/**
 * Damerau-Levenshtein distance, optimal string alignment variant: insertions, deletions,
 * substitutions and swaps of two neighbours each cost 1, so "hlep" is one step from "help".
 */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const prev = rows[i - 1] ?? [];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      }
      row.push(d);
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? 0;
}

/**
 * How many edits a word of this length may be from a command and still be a typo of it: one
 * per three letters, at least one. A flat limit would match "ab" to "ask" or miss "sttaus".
 */
export const typoBudget = (word: string): number => Math.max(1, Math.floor(word.length / 3));

/** Lower case without accents, so "Déployer", "deployer" and "DÉPLOYER" are one word. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The words of a text, folded; apostrophes and hyphens split ("l'exécution", "qui suis-je"). */
export const words = (text: string): string[] => fold(text).match(/[\p{L}\p{N}]+/gu) ?? [];

/**
 * Commands whose spelling is close to `word`, nearest first (registry order on ties). A word of
 * three letters or more that starts a command ("prov") counts as one step away, unless
 * `prefixes` is false.
 */
export function nearestCommands(word: string, ids: readonly string[], prefixes = true): string[] {
  const w = fold(word);
  if (w === '') return [];
  const scored: { id: string; d: number; at: number }[] = [];
  ids.forEach((id, at) => {
    const d = prefixes && w.length >= 3 && id.startsWith(w) ? 1 : editDistance(w, id);
    if (d <= typoBudget(w) && d < w.length) scored.push({ id, d, at });
  });
  return scored
    .sort((x, y) => x.d - y.d || x.at - y.at)
    .slice(0, MAX_SUGGESTIONS)
    .map((s) => s.id);
}

/** Where `phrase` (already split into words) first occurs in `tokens`, or -1. */
function indexOfPhrase(tokens: readonly string[], phrase: readonly string[]): number {
  if (phrase.length === 0) return -1;
  for (let i = 0; i + phrase.length <= tokens.length; i++) {
    if (phrase.every((p, k) => tokens[i + k] === p)) return i;
  }
  return -1;
}

/**
 * Commands a sentence names, by id or synonym, in the order they appear in it: "could you
 * tear down the lab" names cleanup. Only registered ids are returned.
 */
export function mentionedCommands(
  text: string,
  ids: readonly string[],
  synonyms: CommandSynonyms,
): string[] {
  const tokens = words(text);
  const found: { id: string; at: number }[] = [];
  for (const id of ids) {
    const positions = [id, ...(synonyms[id] ?? [])]
      .map((p) => indexOfPhrase(tokens, words(p)))
      .filter((at) => at >= 0);
    if (positions.length > 0) found.push({ id, at: Math.min(...positions) });
  }
  return found
    .sort((x, y) => x.at - y.at)
    .slice(0, MAX_SUGGESTIONS)
    .map((f) => f.id);
}

/** What to offer for an unknown message: named commands first, then near spellings. */
export interface Suggestions {
  /** The first word, as typed. */
  word: string;
  /** True when the message named a command (by id or synonym) rather than misspelt one. */
  named: boolean;
  ids: string[];
}

export function suggestCommands(
  text: string,
  ids: readonly string[],
  synonyms: CommandSynonyms,
): Suggestions {
  const word = text.trim().split(/\s+/)[0] ?? '';
  const named = mentionedCommands(text, ids, synonyms);
  // In a sentence that names a command the first word is prose, not an abbreviation: "can you
  // deploy…" must not offer `canary` for "can". Typos of it still count ("stauts of the drift").
  const near = nearestCommands(word.replace(/^\//, ''), ids, named.length === 0).filter(
    (id) => !named.includes(id),
  );
  return {
    word,
    named: named.length > 0,
    ids: [...named, ...near].slice(0, MAX_SUGGESTIONS),
  };
}
