import { translator, type Lang, type MessageKey } from '../chat/i18n';
import { en } from '../chat/messages/catalogues';
import type { StepProgress } from '../platform/operations/operation';

/** A lab step note's English template as a pattern, its key and its placeholders in order. */
interface NotePattern {
  readonly key: MessageKey;
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The lab steps store their notes in English (stepNote in src/workflows/provisioning): each
 * catalogue template becomes a pattern that finds the key and the values again, so a card in
 * another language says the same note in its words. Catalogue order decides ties.
 */
const PATTERNS: readonly NotePattern[] = Object.entries(en.lab.notes).map(([key, template]) => {
  const parts = template.split(/\{\{(\w+)\}\}/);
  const names = parts.filter((_, i) => i % 2 === 1);
  const source = parts.map((p, i) => (i % 2 === 1 ? '(.+?)' : escapeRegExp(p))).join('');
  return { key: `lab.notes.${key}` as MessageKey, pattern: new RegExp(`^${source}$`), names };
});

/** One note (or step error) in `lang`, or as it was when no template matches. */
export function localNote(note: string, lang: Lang): string {
  if (lang === 'en') return note;
  for (const { key, pattern, names } of PATTERNS) {
    const m = pattern.exec(note);
    if (m)
      return translator(lang)(key, Object.fromEntries(names.map((n, i) => [n, m[i + 1] ?? ''])));
  }
  return note;
}

/** The steps with their notes ("created", "3 installed"…) in `lang`. */
export function localNotes(steps: readonly StepProgress[], lang: Lang): StepProgress[] {
  if (lang === 'en') return [...steps];
  return steps.map((s) => (s.note === undefined ? s : { ...s, note: localNote(s.note, lang) }));
}
