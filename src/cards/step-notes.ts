import { translator, type Lang, type MessageKey } from '../chat/i18n';
import { en } from '../chat/messages/catalogues';
import type { Operation, StepProgress } from '../platform/operations/operation';
import { renderMessage } from '../chat/stored-message';

/** A stored English template as a pattern, its key and its placeholders in order. */
interface NotePattern {
  readonly key: MessageKey;
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every text of a catalogue subtree with its dotted key. */
function templates(prefix: string, tree: object): [string, string][] {
  return Object.entries(tree).flatMap(([k, v]): [string, string][] =>
    typeof v === 'string' ? [[`${prefix}.${k}`, v]] : templates(`${prefix}.${k}`, v as object),
  );
}

/**
 * Texts stored in English only: the lab steps' notes (stepNote in src/workflows/provisioning),
 * a deploy's `recordError`, and rows written before steps stored a message beside their text
 * (step-text.ts). Each
 * catalogue template becomes a pattern that finds the key and the values again, so a card in
 * another language says the same note in its words. Catalogue order decides ties.
 */
const PATTERNS: readonly NotePattern[] = [
  ...templates('lab.notes', en.lab.notes),
  ...templates('deploy.notes', en.deploy.notes),
  ...templates('opsNotes', en.opsNotes),
  // describeError's sentences for service errors, as older rows stored them in English.
  ...templates('serviceErrors', en.serviceErrors),
].map(([key, template]) => {
  const parts = template.split(/\{\{(\w+)\}\}/);
  const names = parts.filter((_, i) => i % 2 === 1);
  const source = parts.map((p, i) => (i % 2 === 1 ? '(.+?)' : escapeRegExp(p))).join('');
  return { key: key as MessageKey, pattern: new RegExp(`^${source}$`), names };
});

/** One note (or step error) stored as English text, in `lang`; as it was when nothing matches. */
export function localNote(note: string, lang: Lang): string {
  if (lang === 'en') return note;
  for (const { key, pattern, names } of PATTERNS) {
    const m = pattern.exec(note);
    if (m)
      return translator(lang)(key, Object.fromEntries(names.map((n, i) => [n, m[i + 1] ?? ''])));
  }
  return note;
}

/**
 * A step's note in `lang`: its stored message when it has one, else its English text. English
 * always shows the stored text, word for word what it was.
 */
function stepNoteIn(step: StepProgress, lang: Lang): string | undefined {
  if (step.note === undefined || lang === 'en') return step.note;
  return (step.message && renderMessage(step.message, lang)) ?? localNote(step.note, lang);
}

/** The steps with their notes ("created", "3 installed"…) in `lang`. */
export function localNotes(steps: readonly StepProgress[], lang: Lang): StepProgress[] {
  if (lang === 'en') return [...steps];
  return steps.map((s) => (s.note === undefined ? s : { ...s, note: stepNoteIn(s, lang) }));
}

/**
 * Why the operation failed, in `lang`. The error is the failed step's (the runner stores the
 * same text on both), so that step's message says it; the runner's own failures (no step) and
 * older rows go through the English templates.
 */
export function localError(op: Pick<Operation, 'error' | 'steps'>, lang: Lang): string | undefined {
  if (op.error === undefined || lang === 'en') return op.error;
  const failed = op.steps.find((s) => s.status === 'failed' && s.note === op.error);
  return failed ? stepNoteIn(failed, lang) : localNote(op.error, lang);
}
