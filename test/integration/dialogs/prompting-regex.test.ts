import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardOf, cardText, startHarness, type Harness } from '../../support/bot-harness';
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes/fake-openai';

/**
 * `(a+)+$` against 24 a's and a b backtracks for ~4 s in V8. Run on the event loop, that froze
 * every conversation; the bot must stop it at the limit, fail the case, and keep answering.
 */
const ANSWER = `${'a'.repeat(24)}b`;

let fake: FakeOpenAI;
let suites: string;
let h: Harness;

beforeAll(async () => {
  fake = await startFakeOpenAI({ azureApiKey: 'aoai-key' });
  fake.respondWith(/backtrack/, ANSWER);
  suites = mkdtempSync(path.join(tmpdir(), 'llmops-regex-suites-'));
  writeFileSync(
    path.join(suites, 'redos.yaml'),
    [
      'name: redos',
      'cases:',
      '  - id: catastrophic',
      '    input: please backtrack',
      '    assert:',
      "      - regex: '(a+)+$'",
      "      - regex: 'a{24}b'",
      '',
    ].join('\n'),
  );
  h = await startHarness({
    env: {
      AZURE_OPENAI_ENDPOINT: fake.url,
      AZURE_OPENAI_API_KEY: 'aoai-key',
      AZURE_OPENAI_DEPLOYMENT: 'chat',
      PROMPT_SUITES_DIR: suites,
    },
  });
});
afterAll(async () => {
  await h.stop();
  await fake.close();
  rmSync(suites, { recursive: true, force: true });
});

describe('a catastrophic regex in a prompt suite', () => {
  it('fails at the time limit while the bot keeps answering other messages', async () => {
    const finished: string[] = [];
    const suiteTurn = h.send(h.a.personal('test redos')).then(() => finished.push('suite'));
    await expect
      .poll(() => fake.requests.length, { interval: 5, timeout: 20_000 })
      .toBeGreaterThan(0);
    // The answer is back or about to be: the regex is running now.
    await new Promise((r) => setTimeout(r, 50));
    await h.send(h.a.groupChat('help'));
    finished.push('help');
    await suiteTurn;

    const replies = await h.connector.waitFor(2);
    const texts = replies.map((r) => cardText(cardOf(r.body)));
    expect(texts[0]).toContain('LLMOps Bot commands');
    const result = texts[1] ?? '';
    expect(result).toContain('Prompt suite: redos');
    expect(result).toContain('regex /(a+)+$/ took longer than 500 ms');
    expect(result).not.toContain('a{24}b');
    // The regex ran in its worker: help was answered while the suite turn was still waiting on it
    // (no timing threshold: order alone proves the event loop stayed free).
    expect(finished).toEqual(['help', 'suite']);
  });
});
