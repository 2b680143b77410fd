import { translator, type Lang, type MessageKey } from '../chat/i18n';
import { en } from '../chat/messages/catalogues';
import type { StepProgress } from '../platform/operations/operation';

/** The fixed lab step notes as the steps store them (English), to the key that says them. */
const NOTE_KEYS = new Map<string, MessageKey>(
  Object.entries(en.lab.notes).map(([key, text]) => [text, `lab.notes.${key}` as MessageKey]),
);

/**
 * The steps with their fixed notes ("created", "already there"…) in `lang`. Notes with names
 * or counts in them were written by the step in English and stay as they are.
 */
export function localNotes(steps: readonly StepProgress[], lang: Lang): StepProgress[] {
  const t = translator(lang);
  return steps.map((s) => {
    const key = s.note !== undefined ? NOTE_KEYS.get(s.note) : undefined;
    return key ? { ...s, note: t(key) } : s;
  });
}
