import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InferenceLogRepository } from '../../../src/workflows/prompting/inference-log-repository';
import { openSqliteStore } from '../../../src/platform/store/sqlite-store';
import { cardOf, cardText, startHarness, type Harness } from '../../support/bot-harness';
import { CARD_BYTE_LIMIT, checkCard } from '../../support/card-validator';
import {
  fakeEcho,
  fakePromptTokens,
  fakeTokenCount,
  startFakeOpenAI,
  type FakeOpenAI,
} from '../../fakes/fake-openai';

const AZURE_KEY = 'aoai-KEY-never-shown-4f9c2a';
const DBX_TOKEN = 'dapi-TOKEN-never-shown-77e1';
const SUITES = path.resolve(__dirname, '..', '..', 'fixtures', 'prompt-suites');

let fake: FakeOpenAI;
let dataDir: string;
let h: Harness | undefined;

beforeAll(async () => {
  fake = await startFakeOpenAI({ azureApiKey: AZURE_KEY, bearerToken: DBX_TOKEN });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(async () => {
  fake.clear();
  fake.respondWith(/give json/, '{"status":"ok"}');
  dataDir = mkdtempSync(path.join(tmpdir(), 'llmops-prompting-'));
  h = await startHarness({
    dataDir,
    env: {
      AZURE_OPENAI_ENDPOINT: fake.url,
      AZURE_OPENAI_API_KEY: AZURE_KEY,
      AZURE_OPENAI_DEPLOYMENT: 'chat',
      DATABRICKS_HOST: fake.url,
      DATABRICKS_TOKEN: DBX_TOKEN,
      DATABRICKS_SERVING_ENDPOINT: 'llm-endpoint',
      PROMPT_SUITES_DIR: SUITES,
      LLM_MAX_PROMPT_CHARS: '500',
    },
  });
});
afterEach(async () => {
  await h?.stop();
  h = undefined;
  rmSync(dataDir, { recursive: true, force: true });
});

/** Chat-completion calls only: with DATABRICKS_HOST set, MLflow logging also reaches the fake. */
const chatCalls = () => fake.requests.filter((r) => r.path.endsWith('/chat/completions'));

function harness(): Harness {
  if (!h) throw new Error('harness not started');
  return h;
}

/** Sends one personal message (in a Teams locale, en-US by default) and returns the reply body. */
async function say(text: string, locale?: string): Promise<Record<string, unknown>> {
  const b = harness();
  const before = b.connector.requests.length;
  await b.send(b.a.personal(text, locale ? { locale } : {}));
  const all = await b.connector.waitFor(before + 1);
  const reply = all[before]?.body;
  if (!reply) throw new Error('no reply');
  return reply;
}

function validCard(reply: Record<string, unknown>): Record<string, unknown> {
  const card = cardOf(reply);
  if (!card) throw new Error(`expected a card, got ${JSON.stringify(reply).slice(0, 300)}`);
  const check = checkCard(card);
  expect(check.events).toEqual([]);
  expect(check.bytes).toBeLessThanOrEqual(CARD_BYTE_LIMIT);
  return card;
}

async function inferenceRows() {
  const store = openSqliteStore(dataDir);
  try {
    const log = new InferenceLogRepository(store);
    const to = Date.now() + 1000;
    return [...(await log.window('azure', 0, to)), ...(await log.window('databricks', 0, to))];
  } finally {
    await store.close();
  }
}

describe('ask / chat / compare / test through the bot', () => {
  it('ask → answer card with target, latency, tokens, finish reason, filter outcome; logged', async () => {
    const card = validCard(await say('ask What is MLflow?'));
    const t = cardText(card);
    const answer = fakeEcho('chat', 'What is MLflow?');
    const prompt = fakePromptTokens([{ role: 'user', content: 'What is MLflow?' }]);
    expect(t).toContain(answer);
    expect(t).toContain('azure (chat @ 127.0.0.1');
    expect(t).toContain(`${prompt} prompt · ${fakeTokenCount(answer)} completion`);
    expect(t).toMatch(/\d+ ms/);
    expect(t).toContain('stop');
    expect(t).toContain('passed');
    const rows = await inferenceRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      source: 'ask',
      target: 'azure',
      model: 'chat',
      prompt: 'What is MLflow?',
      response: answer,
      status: 'ok',
      finishReason: 'stop',
      promptTokens: prompt,
      userId: harness().a.world.user.aadObjectId,
      conversationId: harness().a.world.personalId,
    });
  });

  it('ask shows filter category, the retry-after wait, and the prompt limit', async () => {
    fake.promptFilterNext('hate');
    expect(cardText(validCard(await say('ask --target databricks something hateful')))).toContain(
      'blocked at prompt (hate)',
    );
    fake.outputFilterNext('violence');
    const out = cardText(validCard(await say('ask tell a story')));
    expect(out).toContain('blocked at output (violence)');
    expect(out).toContain('content_filter');
    fake.rateLimitNext(1, 3600);
    const busy = cardText(validCard(await say('ask busy?')));
    expect(busy).toContain('Retry after 3600 s');
    // A call that failed never reached the content filter: the card must not say it passed.
    expect(busy).toContain('not checked');
    expect(busy).not.toContain('passed');
    const long = await say(`ask ${'x'.repeat(600)}`);
    expect(cardText(validCard(long))).toContain('the limit is 500');
    expect(cardText(validCard(long))).not.toContain('passed');
    expect((await inferenceRows()).map((r) => r.status)).toEqual([
      'filtered',
      'rate_limited',
      'too_long',
      'filtered',
    ]);
  });

  it('keeps a chat session with history across a restart, then settings, reset and end', async () => {
    expect(JSON.stringify(await say('chat You are terse.'))).toContain('Chat started with azure');
    expect(JSON.stringify(await say('first question'))).toContain(
      fakeEcho('chat', 'first question'),
    );
    await harness().restart();
    expect(JSON.stringify(await say('second question'))).toContain(
      fakeEcho('chat', 'second question'),
    );
    const sent = chatCalls().at(-1)?.body?.messages as { role: string; content: string }[];
    expect(sent.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(sent[0]?.content).toBe('You are terse.');
    expect(sent[1]?.content).toBe('first question');

    const settings = validCard(await say('chat settings'));
    expect(JSON.stringify(settings)).toContain('chat.saveSettings');
    const b = harness();
    const before = b.connector.requests.length;
    const res = await b.send(
      b.a.invokeAction('chat.saveSettings', {
        systemPrompt: 'Be kind.',
        temperature: '0.5',
        maxTokens: '64',
        target: 'databricks',
      }),
    );
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).toContain('Saved.');
    expect(b.connector.requests.length).toBe(before);
    await say('third');
    const third = chatCalls().at(-1);
    expect(third).toMatchObject({ route: 'databricks', model: 'llm-endpoint' });
    expect(third?.body).toMatchObject({ temperature: 0.5, max_tokens: 64 });
    expect((third?.body?.messages as { content: string }[])[0]?.content).toBe('Be kind.');

    expect(JSON.stringify(await say('chat reset'))).toContain('History cleared');
    await say('fresh');
    expect((chatCalls().at(-1)?.body?.messages as unknown[]).length).toBe(2);
    expect(JSON.stringify(await say('chat end'))).toContain('Chat ended');
    const help = cardText(cardOf(await say('hello again')));
    expect(help).toContain("I don't know");
    expect((await inferenceRows()).filter((r) => r.source === 'chat')).toHaveLength(4);
  });

  it('answers in French for a fr-FR client: answer card, chat session, settings card', async () => {
    const fr = (text: string) => say(text, 'fr-FR');
    const card = cardText(validCard(await fr('ask Qu’est-ce que MLflow ?')));
    expect(card).toContain('Réponse');
    expect(card).toContain('Filtre de contenu');
    expect(card).toContain('réussi');
    expect(card).toMatch(/\d+ invite · \d+ complétion · \d+ au total/);
    expect(JSON.stringify(await fr('ask'))).toContain('Quelle est votre question ?');
    expect(JSON.stringify(await fr('chat end'))).toContain('pas de session de chat');
    expect(JSON.stringify(await fr('chat'))).toContain('Chat démarré avec azure.');
    const settings = cardText(validCard(await fr('chat settings')));
    expect(settings).toContain('Paramètres du chat');
    expect(settings).toContain('Enregistrer');
    expect(JSON.stringify(await fr('chat --target nope'))).toContain('Cible inconnue « nope »');
    expect(JSON.stringify(await fr('chat end'))).toContain('Chat terminé.');
  });

  it('drops the oldest turns when history exceeds the token budget', async () => {
    await harness().stop();
    h = await startHarness({
      env: {
        AZURE_OPENAI_ENDPOINT: fake.url,
        AZURE_OPENAI_API_KEY: AZURE_KEY,
        AZURE_OPENAI_DEPLOYMENT: 'chat',
        CHAT_HISTORY_TOKEN_BUDGET: '60',
      },
    });
    await say('chat');
    for (const q of ['one one one one one one one one', 'two two two two two two two two', 'three'])
      await say(q);
    const sent = (chatCalls().at(-1)?.body?.messages as { content: string }[]).map(
      (m) => m.content,
    );
    expect(sent[0]).not.toContain('one');
    expect(sent.at(-1)).toBe('three');
  });

  it('compare runs two targets and two temperatures side by side', async () => {
    const card = validCard(await say('compare --targets azure,databricks Hello there'));
    const t = cardText(card);
    expect(t).toContain(fakeEcho('chat', 'Hello there'));
    expect(t).toContain(fakeEcho('llm-endpoint', 'Hello there'));
    const temps = cardText(validCard(await say('compare --temperature 0,1 Name a color')));
    expect(temps).toContain('azure · temperature 0');
    expect(temps).toContain('azure · temperature 1');
    expect(
      chatCalls()
        .slice(-2)
        .map((r) => r.body?.temperature),
    ).toEqual([0, 1]);
    expect((await inferenceRows()).filter((r) => r.source === 'compare')).toHaveLength(4);
  });

  it('test runs a suite with passing and failing cases across two targets', async () => {
    const card = validCard(await say('test mixed --targets azure,databricks'));
    const t = cardText(card);
    expect(t).toContain('Prompt suite: mixed');
    expect(t).toMatch(/azure[\s\S]*2\/4 passed \(50%\)/);
    expect(t).toMatch(/databricks[\s\S]*2\/4 passed \(50%\)/);
    expect(t).toContain('contains-fails** on azure: does not contain "Kolmogorov"');
    expect(t).toContain('filtered-fails** on databricks');
    expect(t).not.toContain('echo-passes**');
    const rows = (await inferenceRows()).filter((r) => r.source === 'test');
    expect(rows).toHaveLength(8);
    expect(new Set(rows.map((r) => r.runId)).size).toBe(1);
    expect(JSON.stringify(await say('test nope'))).toContain(
      'No suite \\"nope\\". Available: mixed',
    );
    const frCard = validCard(await say('test mixed --targets azure,databricks', 'fr-FR'));
    expect(cardText(frCard)).toContain(
      'contains-fails** sur azure : ne contient pas « Kolmogorov »',
    );
    expect(JSON.stringify(await say('test nope', 'fr-FR'))).toContain(
      'Aucune suite « nope ». Suites disponibles : mixed',
    );
  });

  it('never shows the keys in any outgoing activity or log line', async () => {
    await say('ask hi');
    fake.rateLimitNext(1, 1);
    await say('ask retry me');
    await say('chat');
    await say('hello');
    const outgoing = JSON.stringify(harness().connector.requests);
    const logs = JSON.stringify(harness().logs);
    expect(logs).toContain('prediction');
    for (const secret of [AZURE_KEY, DBX_TOKEN]) {
      expect(outgoing).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
  });
});
