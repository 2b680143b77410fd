import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startArmTestEnv } from '../../fakes/fake-arm/arm-test-env';
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes/fake-openai';
import { cardOf, cardText, startHarness } from '../../support/bot-harness';

const COGNITIVE = 'https://cognitiveservices.azure.com';

let arm: Awaited<ReturnType<typeof startArmTestEnv>>;
let aoai: FakeOpenAI;
beforeAll(async () => {
  // DefaultAzureCredential's App Service managed identity points at the fake ARM's token route.
  arm = await startArmTestEnv();
  aoai = await startFakeOpenAI({
    azureApiKey: 'a-key-the-bot-does-not-have',
    azureBearerToken: (token) => arm.fake.issuedFor(token, COGNITIVE),
  });
});
afterAll(async () => {
  await aoai.close();
  await arm.stop();
});

describe('Azure OpenAI without AZURE_OPENAI_API_KEY', { timeout: 30_000 }, () => {
  it('asks with an Entra token of the shared managed identity, and reuses it', async () => {
    const h = await startHarness({
      env: {
        LOG_LEVEL: 'warn',
        AZURE_OPENAI_ENDPOINT: aoai.url,
        AZURE_OPENAI_DEPLOYMENT: 'chat',
      },
    });
    try {
      await h.send(h.a.personal('ask What is MLflow?'));
      await h.send(h.a.personal('ask And Databricks?'));
      const [first, second] = await h.connector.waitFor(2);
      for (const reply of [first, second]) {
        const text = cardText(cardOf(reply?.body));
        expect(text).not.toMatch(/not configured|rejected|401/i);
      }
      const calls = aoai.requests.filter((r) => r.route === 'azure');
      expect(calls.map((c) => [c.auth, c.authValid, c.status])).toEqual([
        ['bearer', true, 200],
        ['bearer', true, 200],
      ]);
      const cognitive = arm.fake.tokenRequests.filter((t) => t.resource === COGNITIVE);
      expect(cognitive).toEqual([{ resource: COGNITIVE, headerOk: true }]);
      expect(JSON.stringify(h.connector.requests)).not.toContain('fake-mi.');
    } finally {
      await h.stop();
    }
  });

  it('leaves the target out when the endpoint is missing', async () => {
    const h = await startHarness({ env: { LOG_LEVEL: 'warn', AZURE_OPENAI_DEPLOYMENT: 'chat' } });
    const before = aoai.requests.length;
    try {
      await h.send(h.a.personal('ask hello'));
      const [reply] = await h.connector.waitFor(1);
      expect(JSON.stringify(reply?.body)).toMatch(/configur/i);
      expect(aoai.requests).toHaveLength(before);
    } finally {
      await h.stop();
    }
  });
});
