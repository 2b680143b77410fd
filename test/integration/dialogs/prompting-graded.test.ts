import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cardOf, cardText, startHarness, type Harness } from '../../support/bot-harness';
import { CARD_BYTE_LIMIT, checkCard } from '../../support/card-validator';
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes/fake-openai';
import { fakeSimilarity } from '../../fakes/fake-grader';

/**
 * Model-graded assertions through the bot: the grader is the fake's `azure` target (it answers
 * grader prompts deterministically, see fake-grader.ts) and `embed` its embeddings deployment.
 */
const KEY = 'aoai-KEY-graded-never-shown-5d1';
const LLM_TIMEOUT_MS = 1_500;
const DRIFT_ANSWER = 'Data drift is a change in the input data over time.';
const DRIFT_REFERENCE = 'Data drift means the input data changes over time.';
const DRIFT_SCORE = fakeSimilarity(DRIFT_ANSWER, DRIFT_REFERENCE);

const GRADED = `name: graded
cases:
  - id: rubric-pass
    input: what does mlflow do
    assert:
      - llm-rubric: experiments tracking, models registry
  - id: rubric-fail
    input: what is mlflow in short
    assert:
      - llm-rubric: experiments tracking, models registry
  - id: rubric-threshold
    input: what does mlflow do again
    assert:
      - llm-rubric: { value: 'experiments tracking, deployment serving', threshold: 0.9 }
  - id: fact-pass
    input: capital of France?
    assert:
      - factuality: Paris is the capital of France
  - id: fact-fail
    input: capital of France, wrongly?
    assert:
      - factuality: Paris is the capital of France
  - id: similar-low-bar
    input: drift, low bar
    assert:
      - similar: { value: '${DRIFT_REFERENCE}', threshold: ${(Math.floor(DRIFT_SCORE * 100) / 100 - 0.01).toFixed(2)} }
  - id: similar-high-bar
    input: drift, high bar
    assert:
      - similar: { value: '${DRIFT_REFERENCE}', threshold: ${(Math.ceil(DRIFT_SCORE * 100) / 100 + 0.01).toFixed(2)} }
  - id: relevant
    input: What is MLflow tracking?
    assert:
      - answer-relevance: { threshold: 0.6 }
  - id: off-topic
    input: how do I bake bread?
    assert:
      - answer-relevance: true
`;
const ONE_RUBRIC = `name: one
cases:
  - id: judged
    input: what does mlflow do
    assert:
      - contains: MLflow
      - llm-rubric: experiments tracking, models registry
`;

let fake: FakeOpenAI;
let suites: string;
let h: Harness;

beforeAll(async () => {
  fake = await startFakeOpenAI({ azureApiKey: KEY, deployments: ['chat', 'embed'] });
  suites = mkdtempSync(path.join(tmpdir(), 'llmops-graded-suites-'));
  writeFileSync(path.join(suites, 'graded.yaml'), GRADED);
  writeFileSync(path.join(suites, 'one.yaml'), ONE_RUBRIC);
  h = await startHarness({
    env: {
      AZURE_OPENAI_ENDPOINT: fake.url,
      AZURE_OPENAI_API_KEY: KEY,
      AZURE_OPENAI_DEPLOYMENT: 'chat',
      PROMPT_SUITES_DIR: suites,
      SUITE_GRADER_TARGET: 'azure',
      SUITE_EMBEDDINGS_TARGET: 'embed',
      LLM_TIMEOUT_MS: String(LLM_TIMEOUT_MS),
    },
  });
});
afterAll(async () => {
  await h.stop();
  await fake.close();
  rmSync(suites, { recursive: true, force: true });
});
beforeEach(() => {
  fake.clear();
  fake.respondWith(
    /what does mlflow do/,
    'MLflow does experiments tracking and a models registry.',
  );
  fake.respondWith(/what is mlflow in short/, 'MLflow is a tool.');
  fake.respondWith(/capital of France, wrongly/, 'Lyon has always been the seat of government.');
  fake.respondWith(/capital of France/, 'The capital of France is Paris.');
  fake.respondWith(/drift/, DRIFT_ANSWER);
  fake.respondWith(/bake bread/, 'Kubernetes schedules containers onto cluster nodes.');
});

async function run(
  text: string,
  locale?: string,
): Promise<{ text: string; summary: string; card: object | undefined }> {
  const before = h.connector.requests.length;
  await h.send(h.a.personal(text, locale ? { locale } : {}));
  const reply = (await h.connector.waitFor(before + 1))[before]?.body;
  const card = cardOf(reply);
  if (card) {
    const check = checkCard(card);
    expect(check.events).toEqual([]);
    expect(check.bytes).toBeLessThanOrEqual(CARD_BYTE_LIMIT);
  }
  return {
    text: card ? cardText(card) : String(reply?.text),
    summary: String(reply?.summary),
    card,
  };
}

/** The card's line for one case, e.g. `✖ **rubric-fail** on azure: …`. */
const lineOf = (t: string, id: string) => t.split('\n').find((l) => l.includes(`**${id}**`)) ?? '';

describe('model-graded assertions in `test <suite>`', { timeout: 30_000 }, () => {
  it('each kind passes and fails with the grader’s reason on the card', async () => {
    const { text } = await run('test graded');
    expect(text).toContain('4/9 passed (44%)');
    expect(text).toContain('**Failing cases (5)**');
    expect(lineOf(text, 'rubric-fail')).toContain(
      'llm-rubric failed (score 0.00): The output does not mention experiments, tracking, models, registry.',
    );
    expect(lineOf(text, 'rubric-threshold')).toContain(
      'llm-rubric score 0.50 < 0.9: The output does not mention deployment, serving.',
    );
    expect(lineOf(text, 'fact-fail')).toContain(
      'factuality failed (D: there is a disagreement between the submitted answer and the expert answer)',
    );
    expect(lineOf(text, 'similar-high-bar')).toMatch(/similar 0\.\d\d < 0\.\d\d/);
    expect(lineOf(text, 'off-topic')).toMatch(
      /answer-relevance 0\.\d\d < 0\.7; the answer rather answers "\w+ kubernetes schedules/,
    );
    // Passing graded cases show the grader's reasons too, after the failures.
    expect(text).toContain("**Grader's reasons for passing cases**");
    expect(lineOf(text, 'rubric-pass')).toContain(
      '✔ **rubric-pass** on azure: llm-rubric (score 1.00): The output covers every point',
    );
    expect(lineOf(text, 'fact-pass')).toContain('factuality (C)');
    expect(lineOf(text, 'similar-low-bar')).toContain(`similar ${DRIFT_SCORE.toFixed(2)} ≥`);
    expect(lineOf(text, 'relevant')).toMatch(/answer-relevance 0\.\d\d ≥ 0\.6/);
    expect(text.indexOf('rubric-fail')).toBeLessThan(text.indexOf('rubric-pass'));
    // The grader prompt asked for JSON at temperature 0; embeddings went to their deployment.
    const graderCalls = fake.requests.filter((r) =>
      JSON.stringify(r.body?.messages ?? '').includes('You are grading output'),
    );
    expect(graderCalls.length).toBe(3);
    expect(graderCalls[0]?.body?.temperature).toBe(0);
    const embeds = fake.requests.filter((r) => r.path === '/openai/deployments/embed/embeddings');
    expect(embeds.length).toBe(4);
    expect(embeds.every((r) => r.status === 200 && r.authValid)).toBe(true);
  });

  it('a malformed or refusing grader answer is ungraded, counted apart, never a pass', async () => {
    fake.graderFaultNext({ kind: 'malformed' });
    const { text, summary } = await run('test one');
    expect(summary).toBe('Suite one: 0/1 passed, 1 ungraded');
    expect(text).toContain('0/1 passed (0%)');
    expect(text).toContain('· 1 ungraded');
    expect(text).toContain(
      '**Ungraded (1)**: the grader gave no verdict, so these are not passes.',
    );
    expect(text).toContain(
      '◌ **judged** on azure: llm-rubric ungraded: the grader did not answer in JSON ("Looks good to me',
    );
    expect(text).not.toContain('Every case passed');

    fake.graderFaultNext({ kind: 'refusal' });
    const refused = await run('test one');
    expect(refused.text).toContain(
      'llm-rubric ungraded: the grader did not answer in JSON ("I\'m sorry',
    );

    fake.graderFaultNext({ kind: 'malformed' });
    const french = await run('test one', 'fr-FR');
    expect(french.text).toContain(
      'llm-rubric non évalué : l’évaluateur n’a pas répondu en JSON (« Looks good to me',
    );
  });

  it('a grader that stalls is ungraded with the timeout; a 429 is retried and then graded', async () => {
    fake.graderFaultNext({ kind: 'stall-body' });
    const { text } = await run('test one');
    expect(text).toContain('llm-rubric ungraded: grader azure did not finish answering within 2 s');
    expect(text).toContain('0/1 passed');

    fake.graderFaultNext({ kind: 'stall-body' });
    const french = await run('test one', 'fr-FR');
    expect(french.text).toContain(
      'llm-rubric non évalué : l’appel à l’évaluateur a échoué : azure n’a pas fini de répondre en 2 s.',
    );

    fake.clear();
    fake.respondWith(
      /what does mlflow do/,
      'MLflow does experiments tracking and a models registry.',
    );
    fake.graderFaultNext({ kind: 'rate-limit', retryAfterSeconds: 1 });
    const retried = await run('test one');
    expect(retried.summary).toBe('Suite one: 1/1 passed');
    expect(retried.text).toContain('✔ Every case passed.');
    expect(fake.requests.map((r) => r.status)).toEqual([200, 429, 200]);
  });

  it('speaks French on the card when the turn is French', async () => {
    const { text, summary } = await run('test one', 'fr-FR');
    expect(text).toContain('Suite de prompts : one');
    expect(text).toContain('1/1 réussis (100 %)');
    expect(text).toContain('Raisons de l’évaluateur pour les cas réussis');
    expect(summary).toBe('Suite one : 1/1 réussis');
  });
});

describe('a graded suite with no grader configured', () => {
  let bare: Harness;
  beforeAll(async () => {
    bare = await startHarness({
      env: {
        AZURE_OPENAI_ENDPOINT: fake.url,
        AZURE_OPENAI_API_KEY: KEY,
        AZURE_OPENAI_DEPLOYMENT: 'chat',
        PROMPT_SUITES_DIR: suites,
      },
    });
  });
  afterAll(async () => {
    await bare.stop();
  });

  it('names the setting to add before any model call, instead of running it', async () => {
    fake.clear();
    await bare.send(bare.a.personal('test graded'));
    const [reply] = await bare.connector.waitFor(1);
    const said = String(reply?.body?.text);
    expect(said).toContain(
      'Suite graded uses `llm-rubric`, `factuality`, `answer-relevance`, graded by a grader model (a target name such as azure or databricks), and `SUITE_GRADER_TARGET` is not set.',
    );
    expect(said).toContain('Ask an admin to set `SUITE_GRADER_TARGET` and restart the bot');
    expect(said).toContain(
      'Suite graded uses `similar`, `answer-relevance`, graded by an Azure OpenAI embeddings deployment, and `SUITE_EMBEDDINGS_TARGET` is not set.',
    );
    expect(fake.requests).toEqual([]);
  });
});
