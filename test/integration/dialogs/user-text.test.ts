import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  cardOf,
  cardText,
  DEFAULT_USER,
  startHarness,
  type Harness,
} from '../../support/bot-harness';
import type { TeamsUser } from '../../support/teams-activities';

/**
 * What people type (and the names Teams sends for them) is echoed in the bot's own voice, so
 * it must reach Teams as literal text: no live link, no bold, no mention, no date function.
 */
const PHISH = '[click](https://evil.example) **x**';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ env: { ADMIN_AAD_OBJECT_IDS: DEFAULT_USER.aadObjectId } });
});
afterAll(async () => {
  await h.stop();
});
beforeEach(() => {
  h.connector.clear();
});

/** Every TextBlock, fact and title of a card, one per line. */
const blocks = (card: Record<string, unknown> | undefined): string[] => cardText(card).split('\n');

describe('user text echoed by the bot', () => {
  it('shows an unknown command word literally in the channel answer', async () => {
    await h.send(h.a.channel(PHISH));
    const [reply] = await h.connector.waitFor(1);
    const texts = blocks(cardOf(reply?.body));
    expect(texts[0]).toBe('I don\'t know "\\[click\\](https://evil.example)".');
    expect(texts.join('\n')).not.toContain('[click](');
  });

  it('shows extra words literally in a text reply', async () => {
    // Teams sends typed `<` as an entity; the parser decodes it, so a typed tag reaches the reply.
    await h.send(
      h.a.channel(`audit 5 ${PHISH} &lt;at&gt;Ona Call&lt;/at&gt; {{DATE(2020-01-01T00:00:00Z)}}`),
    );
    const [reply] = await h.connector.waitFor(1);
    const text = String(reply?.body?.text);
    expect(text).toContain('"\\[click\\](https://evil.example) \\*\\*x\\*\\*');
    expect(text).not.toContain('[click](');
    expect(text).not.toContain('**x**');
    expect(text).toContain('&lt;at&gt;Ona Call&lt;/at&gt;');
    expect(text).not.toContain('<at>');
    expect(text).not.toContain('{{');
  });

  it('refuses in French: what a command takes, and a requirement it lacks', async () => {
    const cases: [string, string][] = [
      // run needs MLflow, which this bot lacks: the requirement is said first, in French too.
      ['run a b', 'MLflow n’est pas configuré'],
      ['status lab x', 'la commande prend un mot (lab)'],
      ['language fr en', 'la commande prend une langue (fr, en ou auto)'],
    ];
    for (const [line, expected] of cases) {
      h.connector.clear();
      await h.send(h.a.personal(line, { locale: 'fr-FR' }));
      const [reply] = await h.connector.waitFor(1);
      expect(String(reply?.body?.text)).toContain(expected);
    }
  });

  it('escapes user text in French replies too: a refused argument and the audit card', async () => {
    await h.send(h.a.channel(`audit 5 ${PHISH}`, { locale: 'fr-FR' }));
    const [reply] = await h.connector.waitFor(1);
    const text = String(reply?.body?.text);
    expect(text).toMatch(
      /^Trop de mots : « \\\[click\\\]\(https:\/\/evil\.example\) \\\*\\\*x\\\*\\\* » n’est pas compris \(la commande prend un nombre\)\. Syntaxe : /,
    );
    expect(text).not.toContain('[click](');
    h.connector.clear();
    await h.send(h.a.personal('audit', { locale: 'fr-FR' }));
    const [card] = await h.connector.waitFor(1);
    const texts = blocks(cardOf(card?.body));
    expect(texts[0]).toBe('Journal d’audit');
    expect(String(card?.body?.summary)).toMatch(/^Journal d’audit : \d+ entrées?$/);
  });

  it('shows a display name with markdown and tags literally on the audit card', async () => {
    const eve: TeamsUser = {
      id: '29:eve',
      name: '**Boss** [pay](https://evil.example) <at>Ona Call</at>',
      aadObjectId: '44444444-4444-4444-4444-444444444444',
    };
    await h.send(h.a.personal('cleanup', { from: eve }));
    await h.connector.waitFor(1);
    h.connector.clear();
    await h.send(h.a.personal('audit'));
    const [reply] = await h.connector.waitFor(1);
    const texts = blocks(cardOf(reply?.body));
    const line = texts.find((t) => t.includes('evil.example'));
    expect(line).toMatch(
      /^\\\*\\\*Boss\\\*\\\* \\\[pay\\\]\(https:\/\/evil\.example\) &lt;at&gt;Ona Call&lt;\/at&gt; · /,
    );
    expect(texts.join('\n')).not.toContain('**Boss**');
    expect(texts.join('\n')).not.toContain('<at>');
  });
});
