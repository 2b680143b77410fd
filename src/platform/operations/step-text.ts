import { LANGS, translator, type Lang, type MessageKey, type MessageVars } from '../../chat/i18n';
import { renderMessage, type SaidInEveryLang, type StoredMessage } from '../../chat/stored-message';
import { describeError } from '../../services/describe-error';
import type { StepProgress, StepText } from './operation';

/*
 * A text an operation produces while it runs (a step's note or error) is stored so that any
 * card can say it later in its reader's language (StoredMessage): a catalogue message for notes
 * and fixed errors; for an error a step caught, the sentence describeError said in every
 * language. Rebuilding the typed error at view time instead would mean storing its internals
 * (raw message, codes, URLs), which is what describeError keeps out of chat; storing what it
 * said stores only what a user may read. The price: a language added later, or a sentence
 * corrected later, shows English / the old wording for errors stored before (notes, being keys,
 * follow the catalogue). The English text stays in `note`/`error` as before.
 */

export type { StepText } from './operation';

/** A catalogue message to store. */
export const stepMessage = (key: MessageKey, vars?: MessageVars): StoredMessage =>
  vars === undefined ? { key } : { key, vars };

/** A sentence said now in every language the bot speaks. */
export const inEveryLang = (say: (lang: Lang) => string): SaidInEveryLang => ({
  texts: Object.fromEntries(LANGS.map((lang) => [lang, say(lang)])),
});

/**
 * The sentence a user reads for an error that stopped a step, in every language: typed errors
 * say what to do (describeError, which never lets a secret through); anything else says the
 * generic `fallback` sentence, never the raw message.
 */
export const stepErrorMessage = (err: unknown, fallback: MessageKey): SaidInEveryLang =>
  inEveryLang((lang) => describeError(err, lang) ?? translator(lang)(fallback));

/**
 * The English text of a step text: what the operation keeps in its `note`/`error` fields, so
 * English cards, logs and rows read by older code stay word for word as before.
 */
export const englishOf = (t: StepText): string =>
  typeof t === 'string' ? t : (renderMessage(t, 'en') ?? '');

/** The message part of a step text, to store beside its English; undefined for plain text. */
export const messageOf = (t: StepText): StoredMessage | undefined =>
  typeof t === 'string' ? undefined : t;

/** Stores a step text on its progress row: the English in `note`, the message beside it. */
export function setStepText(step: StepProgress, text: StepText): void {
  step.note = englishOf(text);
  const m = messageOf(text);
  if (m) step.message = m;
  else delete step.message;
}

/** Whether a waiting step's new note differs from the one stored (then the card is redrawn). */
export const stepTextChanged = (step: StepProgress, text: StepText): boolean =>
  englishOf(text) !== step.note || JSON.stringify(messageOf(text)) !== JSON.stringify(step.message);
