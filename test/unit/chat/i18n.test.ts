import { describe, expect, it } from 'vitest';
import { langOf, translator } from '../../../src/chat/i18n';
import { en, fr } from '../../../src/chat/messages/catalogues';

/** Every text of a catalogue tree by dotted key. */
function flatten(tree: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v as object, key)) out.set(kk, vv);
  }
  return out;
}

/**
 * French texts that are rightly the English word: names of products and commands. Anything
 * else identical in both catalogues is a text someone forgot to translate.
 */
const SAME_IN_BOTH = new Set([
  'help.group.MLflow',
  'help.group.Lab',
  'help.group.Bot',
  'lab.name.azureOpenAI',
  'lab.name.databricks',
  'lab.name.cluster',
  'whoami.conversation',
]);

const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

/** Keys in one catalogue and not the other, either way round. */
function keyDifference(a: object, b: object): string[] {
  const [ka, kb] = [flatten(a), flatten(b)];
  return [...[...ka.keys()].filter((k) => !kb.has(k)), ...[...kb.keys()].filter((k) => !ka.has(k))];
}

/** Keys whose translation is the English text itself, outside the allow-list. */
function untranslated(source: object, translation: object): string[] {
  const t = flatten(translation);
  return [...flatten(source)]
    .filter(([k, v]) => t.get(k) === v && !SAME_IN_BOTH.has(k))
    .map(([k]) => k);
}

describe('the catalogues', () => {
  it('have the same keys in English and French', () => {
    expect(keyDifference(en, fr)).toEqual([]);
  });

  it('translate every French text, except the listed names', () => {
    expect(untranslated(en, fr)).toEqual([]);
    // The allow-list holds only names that really are the same, so it cannot hide a text.
    const same = [...flatten(en)].filter(([k, v]) => flatten(fr).get(k) === v).map(([k]) => k);
    expect(same.sort()).toEqual([...SAME_IN_BOTH].sort());
  });

  it('use the same placeholders in both languages', () => {
    const french = flatten(fr);
    for (const [key, text] of flatten(en)) {
      expect(placeholders(french.get(key) ?? ''), key).toEqual(placeholders(text));
    }
  });

  it('the checks notice a missing key, an extra key and an untranslated text', () => {
    const help: Record<string, unknown> = { ...fr.help, title: en.help.title, extra: 'en trop' };
    delete help.intro;
    const broken = { ...fr, help };
    expect(keyDifference(en, broken).sort()).toEqual(['help.extra', 'help.intro']);
    expect(untranslated(en, broken)).toEqual(['help.title']);
  });
});

describe('langOf', () => {
  it('reads any French locale as French and everything else as English', () => {
    expect(['fr', 'fr-FR', 'fr-CA', 'FR-be', 'fr_CH'].map(langOf)).toEqual(Array(5).fill('fr'));
    expect(['en-US', 'de-DE', '', undefined, 'french'].map(langOf)).toEqual(Array(5).fill('en'));
  });
});

describe('translator', () => {
  it('interpolates without HTML escaping (markdown and cards escape their own way)', () => {
    expect(translator('fr')('help.title', { botName: 'R&D <Bot>' })).toBe('Commandes de R&D <Bot>');
    expect(translator('en')('help.title', { botName: 'R&D <Bot>' })).toBe('R&D <Bot> commands');
  });

  it('answers a text without variables the same on every call, per language', () => {
    // The second call comes from the translator's own cache; the first from i18next.
    for (const lang of ['en', 'fr'] as const) {
      const t = translator(lang);
      expect(t('args.byId')).toBe(t('args.byId'));
    }
    expect(translator('en')('args.byId')).not.toBe(translator('fr')('args.byId'));
    // A text with a placeholder asked without variables, then with them, still interpolates.
    expect(translator('en')('help.title')).toBe('{{botName}} commands');
    expect(translator('en')('help.title', { botName: 'B' })).toBe('B commands');
  });
});
