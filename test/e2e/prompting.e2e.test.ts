import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeEcho, startFakeOpenAI, type FakeOpenAI } from '../fakes/fake-openai';
import { SESSION_TIMEOUT, SHOTS, startSession, STEP_TIMEOUT, type E2ESession } from './session';

/**
 * `ask` and a two-turn `chat` seen from a Teams-like client: the built bot (dist) with the fake
 * OpenAI-compatible server as its Azure OpenAI target, behind the Agents Playground, driven in
 * Chromium. Needs `npm run build` first. Screenshots go to artifacts/e2e/ask-*.png, chat-*.png.
 */
const AZURE_KEY = 'e2e-azure-key';

let session: E2ESession;
let page: Page;
let fakeAI: FakeOpenAI | undefined;
const shot = (name: string) => session.shot(name);
const cardWith = (text: string | RegExp) => session.cardWith(text);
const sendInChat = (text: string) => session.sendInChat(text);

beforeAll(async () => {
  fakeAI = await startFakeOpenAI({ azureApiKey: AZURE_KEY });
  session = await startSession({
    name: 'prompting',
    env: {
      AZURE_OPENAI_ENDPOINT: fakeAI.url,
      AZURE_OPENAI_API_KEY: AZURE_KEY,
      AZURE_OPENAI_DEPLOYMENT: 'chat',
    },
  });
  page = session.page;
  await cardWith('Welcome to LLMOps Bot').waitFor();
}, SESSION_TIMEOUT);

afterAll(async () => {
  await session?.stop();
  await fakeAI?.close();
}, 60_000);

describe('ask and chat in the Agents Playground', () => {
  it(
    '`ask` shows the answer card with target, latency, tokens and filter outcome',
    async () => {
      await sendInChat('ask What is MLflow?');
      const answer = cardWith(fakeEcho('chat', 'What is MLflow?'));
      await answer.waitFor();
      const text = await answer.innerText();
      expect(text).toContain('Answer');
      expect(text).toMatch(/azure \(chat @ 127\.0\.0\.1:\d+\)/);
      expect(text).toMatch(/\d+ prompt · \d+ completion · \d+ total/);
      expect(text).toContain('passed');
      await shot('ask-01-page');
      await answer.screenshot({ path: path.join(SHOTS, 'ask-02-card.png') });
    },
    STEP_TIMEOUT,
  );

  it(
    'a free sentence is read by the model as one command, offered with Run and Edit',
    async () => {
      fakeAI?.callToolNext('runs', { args: 'churn-model' });
      await sendInChat('show me the latest training runs of churn-model');
      const reading = cardWith(/I read this as/);
      await reading.waitFor();
      await expect(reading.innerText()).resolves.toContain('runs churn-model');
      await expect(reading.getByRole('button', { name: 'Run' }).count()).resolves.toBe(1);
      await reading.screenshot({ path: path.join(SHOTS, 'ask-03-sentence-read-by-model.png') });
    },
    STEP_TIMEOUT,
  );

  it(
    'a two-turn `chat` answers each message and sends the history with the second',
    async () => {
      await sendInChat('chat You are terse.');
      await page
        .getByText(/Chat started with azure/)
        .last()
        .waitFor();
      await sendInChat('first question');
      await page.getByText(fakeEcho('chat', 'first question')).last().waitFor();
      await sendInChat('and a follow-up');
      await page.getByText(fakeEcho('chat', 'and a follow-up')).last().waitFor();
      const last = fakeAI?.requests.at(-1)?.body?.messages as { role: string; content: string }[];
      expect(last.map((m) => `${m.role}:${m.content}`)).toEqual([
        'system:You are terse.',
        'user:first question',
        `assistant:${fakeEcho('chat', 'first question')}`,
        'user:and a follow-up',
      ]);
      await shot('chat-01-two-turns');
      await sendInChat('chat end');
      await page
        .getByText(/Chat ended/)
        .last()
        .waitFor();
      await shot('chat-02-ended');
    },
    STEP_TIMEOUT,
  );
});
