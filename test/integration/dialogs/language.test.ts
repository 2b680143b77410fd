import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cardText, startHarness, type Harness } from '../../support/bot-harness';
import { cardReplyTo } from '../../support/card-reply';

/** Issue 17: the bot answers in the Teams locale of the turn, unless `language` pinned one. */
let h: Harness;
const dataDir = mkdtempSync(path.join(tmpdir(), 'language-'));
const fr = { locale: 'fr-FR' };

beforeAll(async () => {
  h = await startHarness({ dataDir });
});
afterAll(async () => {
  await h.stop();
  rmSync(dataDir, { recursive: true, force: true });
});
beforeEach(() => {
  h.connector.clear();
});

/** The text reply the bot sent for one activity. */
async function textReplyTo(activity: Record<string, unknown>): Promise<string> {
  await h.send(activity);
  const [sent] = await h.connector.waitFor(1);
  h.connector.clear();
  const text = (sent?.body as { text?: unknown } | undefined)?.text;
  return typeof text === 'string' ? text : '';
}

const helpText = async (activity: Record<string, unknown>) =>
  cardText(await cardReplyTo(h, activity));

describe('the language of a turn', () => {
  it('is French for fr-FR and English for en-US, on a valid help card', async () => {
    const french = await helpText(h.a.personal('help', fr));
    expect(french).toContain('Commandes de LLMOps Bot');
    expect(french).toContain('Dérive des données');
    expect(french).toContain('point de terminaison');
    // Each French command word is listed next to its command.
    for (const word of ['aide', 'statut', 'nettoyer', 'déployer', 'dérive', 'exécutions']) {
      expect(french).toContain(`« ${word} »`);
    }
    const english = await helpText(h.a.personal('help', { locale: 'en-US' }));
    expect(english).toContain('LLMOps Bot commands');
    expect(english).not.toContain('Commandes');
    expect(english).not.toContain('"aide"');
  });

  it('runs the French command words like the English ones', async () => {
    expect(await helpText(h.a.personal('aide', fr))).toContain('Commandes de LLMOps Bot');
    expect(await helpText(h.a.personal('Aide whoami', fr))).toContain('Aide : whoami');
    const whoami = await helpText(h.a.personal('whoami', { locale: 'fr-CA' }));
    expect(whoami).toContain('Qui suis-je');
    expect(whoami).toContain('Conversation privée');
  });

  it('answers an unknown word in French', async () => {
    const text = await helpText(h.a.personal('hlep', fr));
    expect(text).toContain('Je ne connais pas « hlep ». Vouliez-vous dire `help` ?');
  });

  it('welcomes a French installation in French', async () => {
    const welcome = await helpText({ ...h.a.installationAdd('groupChat'), ...fr });
    expect(welcome).toContain('Bienvenue dans LLMOps Bot');
    expect(welcome).toContain('Afficher toutes les commandes');
  });
});

describe('language fr|en|auto', () => {
  it('switches a French conversation to English, and the choice survives a restart', async () => {
    expect(await textReplyTo(h.a.personal('language en', fr))).toContain(
      'I will speak English in this conversation.',
    );
    expect(await helpText(h.a.personal('help', fr))).toContain('LLMOps Bot commands');

    await h.restart();
    h.connector.clear();
    expect(await helpText(h.a.personal('help', fr))).toContain('LLMOps Bot commands');
    expect(await textReplyTo(h.a.personal('language', fr))).toContain(
      'This conversation uses English (set with the language command).',
    );

    expect(await textReplyTo(h.a.personal('language auto', fr))).toContain(
      'Je suis de nouveau la langue Teams de chaque message (actuellement : français)',
    );
    expect(await helpText(h.a.personal('help', fr))).toContain('Commandes de LLMOps Bot');
  });

  it('refuses a language it does not speak, saying how to choose', async () => {
    expect(await textReplyTo(h.a.personal('language de', fr))).toContain(
      '« de » n’est pas une langue que je parle.',
    );
  });
});
