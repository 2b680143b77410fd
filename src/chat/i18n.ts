import { createInstance, type i18n } from 'i18next';
import { formatDeadline } from './locale-format';
import { en, fr } from './messages/catalogues';

/** The languages the bot speaks; English is the fallback and the source of every key. */
export type Lang = 'en' | 'fr';
export const LANGS: readonly Lang[] = ['en', 'fr'];

/** Teams sends `fr-FR`, `fr-CA`, `en-US`…: any French locale is French, anything else English. */
export function langOf(locale: string | undefined): Lang {
  const primary = (locale ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return primary === 'fr' ? 'fr' : 'en';
}

/** i18next plural forms: `x_one`/`x_other` in a catalogue are called as `x` with a `count`. */
type PluralBase<K extends string> =
  K extends `${infer B}_${'zero' | 'one' | 'two' | 'few' | 'many' | 'other'}` ? B : K;

/** Dotted paths to the texts of a catalogue tree, e.g. `help.title`. */
type Paths<T> = {
  [K in keyof T & string]: T[K] extends string ? PluralBase<K> : `${K}.${Paths<T[K]>}`;
}[keyof T & string];

export type MessageKey = Paths<typeof en>;
export type MessageVars = Readonly<Record<string, string | number>>;
/** A translator bound to one language. */
export type Translate = (key: MessageKey, vars?: MessageVars) => string;

/**
 * One i18next instance for the process, resources bundled (no backend, so init is synchronous).
 * Values are not HTML-escaped: we render markdown and cards, and callers escape user text
 * themselves (escape-markdown.ts). Keys hold dots only as separators.
 */
const instance: i18n = createInstance();
void instance.init({
  resources: { en: { translation: en }, fr: { translation: fr } },
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: [...LANGS],
  initAsync: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});
// `{{ms, deadline}}`: a duration in milliseconds, written when the text is rendered, so a
// message built once (a model call's detail) reads "3,600 s" / "3 600 s" in each reader's language.
// A text stored before durations were numbers (`"2 s"`) is shown as it was written.
instance.services.formatter?.add('deadline', (value: unknown, lng: string | undefined) =>
  typeof value === 'number' ? formatDeadline(value, lng ?? 'en') : String(value),
);

const translators = new Map<Lang, Translate>(
  LANGS.map((lang) => {
    const fixed = instance.getFixedT(lang);
    // A text without variables never changes (the resources are fixed at start), and i18next's
    // lookup costs far more than a Map's: such texts are resolved once per language.
    const plain = new Map<string, string>();
    const t: Translate = (key, vars) => {
      if (vars !== undefined) return fixed(key, vars);
      let text = plain.get(key);
      if (text === undefined) plain.set(key, (text = fixed(key, {})));
      return text;
    };
    return [lang, t];
  }),
);

/** The translator for a language (plural rules and interpolation by i18next). */
export function translator(lang: Lang): Translate {
  const t = translators.get(lang);
  if (!t) throw new Error(`no catalogue for language ${lang}`);
  return t;
}
