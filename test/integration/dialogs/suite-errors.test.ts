import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../support/bot-harness';
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes/fake-openai';

/**
 * What `test <suite>` says when it cannot run a suite — a file that does not fit the format, a
 * grading setting that is missing or names nothing — in the conversation's language.
 */
const KEY = 'aoai-KEY-suite-errors-never-shown-8c2';
const GRADED = `cases:
  - id: judged
    input: what does mlflow do
    assert:
      - llm-rubric: experiments tracking
      - similar: MLflow tracks experiments
`;
const BROKEN = `cases:
  - id: a
    input: hi
    assert:
      - startswith: hi
      - contains: 3
`;

let fake: FakeOpenAI;
let suites: string;

beforeAll(async () => {
  fake = await startFakeOpenAI({ azureApiKey: KEY, deployments: ['chat'] });
  suites = mkdtempSync(path.join(tmpdir(), 'llmops-suite-errors-'));
  writeFileSync(path.join(suites, 'graded.yaml'), GRADED);
  writeFileSync(path.join(suites, 'broken.yaml'), BROKEN);
});
afterAll(async () => {
  await fake.close();
  rmSync(suites, { recursive: true, force: true });
});

/** A bot on the fake Azure OpenAI account with these suite settings. */
const bot = (env: Record<string, string>): Promise<Harness> =>
  startHarness({
    env: {
      AZURE_OPENAI_ENDPOINT: fake.url,
      AZURE_OPENAI_API_KEY: KEY,
      AZURE_OPENAI_DEPLOYMENT: 'chat',
      PROMPT_SUITES_DIR: suites,
      ...env,
    },
  });

async function say(h: Harness, text: string, locale: string): Promise<string> {
  const before = h.connector.requests.length;
  await h.send(h.a.personal(text, { locale }));
  const reply = (await h.connector.waitFor(before + 1))[before]?.body;
  return String(reply?.text);
}

describe('suite errors in the reader language', { timeout: 30_000 }, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await bot({});
  });
  afterAll(async () => {
    await h.stop();
  });

  it('a suite file with wrong fields: each problem names the field and what to write', async () => {
    fake.clear();
    expect(await say(h, 'test broken', 'en-US')).toBe(
      'broken: cases.0.assert.0: unknown key startswith; write one of contains, not-contains, regex, equals, is-json, max-latency, max-tokens, similarity, llm-rubric, factuality, similar, answer-relevance; cases.0.assert.1.contains: expected text, received a whole number',
    );
    expect(await say(h, 'test broken', 'fr-FR')).toBe(
      'broken : cases.0.assert.0 : clé inconnue startswith ; écrivez l’une de ces clés : contains, not-contains, regex, equals, is-json, max-latency, max-tokens, similarity, llm-rubric, factuality, similar, answer-relevance ; cases.0.assert.1.contains : du texte attendu, un nombre entier reçu',
    );
    expect(fake.requests).toEqual([]);
  });

  it('names every missing grading setting in French', async () => {
    const said = await say(h, 'test graded', 'fr-FR');
    expect(said).toContain(
      'La suite graded utilise `llm-rubric`, évalué par un modèle évaluateur (un nom de cible comme azure ou databricks), et `SUITE_GRADER_TARGET` n’est pas défini.',
    );
    expect(said).toContain(
      'La suite graded utilise `similar`, évalué par un déploiement d’incorporations (embeddings) Azure OpenAI, et `SUITE_EMBEDDINGS_TARGET` n’est pas défini.',
    );
    expect(fake.requests).toEqual([]);
  });
});

describe('grading settings that are set but cannot be used', { timeout: 30_000 }, () => {
  let h: Harness;
  beforeAll(async () => {
    // Only a Databricks target: the grader names none of the targets, and the embeddings
    // deployment has no Azure OpenAI account to live on.
    h = await startHarness({
      env: {
        DATABRICKS_HOST: fake.url,
        DATABRICKS_TOKEN: 'dapi-suite-errors-never-shown',
        DATABRICKS_SERVING_ENDPOINT: 'llm-endpoint',
        PROMPT_SUITES_DIR: suites,
        SUITE_GRADER_TARGET: 'gpt-x',
        SUITE_EMBEDDINGS_TARGET: 'embed',
      },
    });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('refuses the suite, naming every setting to fix, in each language', async () => {
    fake.clear();
    expect(await say(h, 'test graded', 'en-US')).toBe(
      'Suite graded cannot be graded: SUITE_GRADER_TARGET "gpt-x" names no configured target (databricks); SUITE_EMBEDDINGS_TARGET needs AZURE_OPENAI_ENDPOINT. Ask an admin to fix these settings and restart the bot.',
    );
    expect(await say(h, 'test graded', 'fr-FR')).toBe(
      'La suite graded ne peut pas être évaluée : SUITE_GRADER_TARGET « gpt-x » ne désigne aucune cible configurée (databricks) ; SUITE_EMBEDDINGS_TARGET nécessite AZURE_OPENAI_ENDPOINT. Demandez à un administrateur de corriger ces paramètres et de redémarrer le bot.',
    );
    expect(fake.requests).toEqual([]);
  });
});
