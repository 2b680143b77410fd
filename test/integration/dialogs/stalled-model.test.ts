import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardText, startHarness, type Harness } from '../../support/bot-harness';
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes/fake-openai';

const AZURE_KEY = 'aoai-KEY-stalled-1';
const LLM_TIMEOUT_MS = 4_000;

let fake: FakeOpenAI;
let h: Harness;
beforeAll(async () => {
  fake = await startFakeOpenAI({ azureApiKey: AZURE_KEY });
  h = await startHarness({
    env: {
      AZURE_OPENAI_ENDPOINT: fake.url,
      AZURE_OPENAI_API_KEY: AZURE_KEY,
      AZURE_OPENAI_DEPLOYMENT: 'chat',
      LLM_TIMEOUT_MS: String(LLM_TIMEOUT_MS),
    },
  });
});
afterAll(async () => {
  await h.stop();
  await fake.close();
});

describe('an Azure OpenAI that sends headers and then stalls the body', { timeout: 30_000 }, () => {
  it('ask answers within LLM_TIMEOUT_MS with the timeout sentence', async () => {
    fake.stallBodyNext();
    const activity = h.a.personal('ask are you there?');
    const started = Date.now();
    await h.send(activity);
    const elapsed = Date.now() - started;
    const reply = h.connector.requests.find(
      (q) => q.method === 'POST' && q.body?.replyToId === activity.id,
    );
    expect(cardText(reply?.body)).toContain('did not finish answering within 4 s');
    expect(elapsed).toBeGreaterThanOrEqual(LLM_TIMEOUT_MS - 100);
    expect(elapsed).toBeLessThan(LLM_TIMEOUT_MS + 3_000);
  });
});
