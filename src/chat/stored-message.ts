import { translator, type Lang, type MessageKey, type MessageVars } from './i18n';

/** A sentence already said in each language the bot speaks. */
export interface SaidInEveryLang {
  readonly texts: Readonly<Partial<Record<Lang, string>>>;
}

/**
 * A text kept in a store to be said later in its reader's language:
 * - a catalogue message (`key` + `vars`), rendered when it is shown, so a corrected
 *   translation also reaches texts stored before the fix;
 * - or the sentence already said in every language (`texts`), for what cannot be rebuilt from
 *   a key later, e.g. describeError's sentence for an error (see src/platform/operations/
 *   step-text.ts).
 */
export type StoredMessage =
  { readonly key: MessageKey; readonly vars?: MessageVars } | SaidInEveryLang;

/** A stored message in `lang`; undefined when it cannot be said (a key a later version dropped). */
export function renderMessage(m: StoredMessage, lang: Lang): string | undefined {
  if ('texts' in m) return m.texts[lang] ?? m.texts.en;
  const text = translator(lang)(m.key, m.vars);
  // i18next answers the key itself for a key it does not know.
  return text === m.key ? undefined : text;
}
