import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../../src/chat/i18n';
import { dbxError, FakeDatabricks } from '../../fakes/fake-databricks/fake-databricks';
import { installSecrets, type FakeSecretsState } from '../../fakes/fake-databricks/secrets';
import { installServing, type FakeServingState } from '../../fakes/fake-databricks/serving';
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes/fake-openai';
import {
  cardOf,
  cardText,
  DEFAULT_USER,
  startHarness,
  type Harness,
} from '../../support/bot-harness';
import { checkCard } from '../../support/card-validator';
import { waitUntil } from '../../support/wait-until';

// What deploy steps store while they run (notes, errors) reaches a French conversation in
// French and an English one word for word as before. No MLflow: the record step is then
// skipped with a note, which is one of the texts under test.

const AZURE_KEY = 'aoai-SECRET-value-5b1c0a42';
const ENDPOINT = 'llm-chat';

let fakeAI: FakeOpenAI;
let dbx: FakeDatabricks;
let secrets: FakeSecretsState;
let serving: FakeServingState;
const harnesses: Harness[] = [];

beforeAll(async () => {
  fakeAI = await startFakeOpenAI({
    azureApiKey: AZURE_KEY,
    bearerToken: 'dapi-test-token',
    deployments: ['chat'],
    servingEndpoints: [ENDPOINT],
  });
  dbx = new FakeDatabricks();
  secrets = installSecrets(dbx);
  serving = installServing(dbx, { secrets, dataPlaneUrl: fakeAI.url, pollsToSettle: 1 });
  await dbx.start();
});

afterAll(async () => {
  await dbx.stop();
  await fakeAI.close();
});

afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.stop();
  serving.endpoints.clear();
  secrets.scopes.clear();
});

async function bot(): Promise<Harness> {
  const h = await startHarness({
    env: {
      ADMIN_AAD_OBJECT_IDS: DEFAULT_USER.aadObjectId,
      AZURE_OPENAI_ENDPOINT: fakeAI.url,
      AZURE_OPENAI_API_KEY: AZURE_KEY,
      AZURE_OPENAI_DEPLOYMENT: 'chat',
      DATABRICKS_HOST: dbx.url,
      DATABRICKS_TOKEN: 'dapi-test-token',
      DATABRICKS_SERVING_ENDPOINT: ENDPOINT,
      DEPLOY_MODEL_NAME: 'gpt-4o-mini',
      DEPLOY_MODEL_VERSION: '2024-07-18',
      DEPLOY_INFERENCE_TABLE: 'ml.serving',
      DEPLOY_POLL_INTERVAL_MS: '20',
    },
  });
  harnesses.push(h);
  return h;
}

/** Plans and confirms a deploy in `locale`; the text of the last card once it has ended. */
async function deployIn(h: Harness, locale: string): Promise<{ card: string; end: string }> {
  await h.send(h.a.personal('deploy', { locale }));
  const [planReply] = await h.connector.waitFor(1);
  const plan = cardOf(planReply?.body);
  const operationId = /"operationId":"([^"]+)"/.exec(JSON.stringify(plan))?.[1];
  if (!operationId || !planReply) throw new Error('no plan card');
  const planId = planReply.answeredId ?? '';
  await h.send(h.a.invokeAction('deploy.confirm', { operationId }, { replyToId: planId, locale }));
  const end = await waitUntil('the end mention', () =>
    h.connector.requests.find((r) => /<at>.*<\/at>/.test(String(r.body?.text))),
  );
  const updates = h.connector.requests.filter((r) => r.method === 'PUT' && r.activityId === planId);
  const last = cardOf(updates.at(-1)?.body);
  expect(checkCard(last ?? {}).events).toEqual([]);
  return { card: cardText(last), end: String(end.body?.text) };
}

describe('deploy step notes and errors in the conversation language', () => {
  it('says the notes of done and skipped steps in French for a fr-FR conversation', async () => {
    const h = await bot();
    const { card } = await deployIn(h, 'fr-FR');
    expect(card).toContain('nouvelle étendue llmops-bot/azure-openai-key');
    expect(card).toContain('création en cours (config v1)');
    // No MLflow server answers (the fake workspace has none): after its tries, the record step
    // is skipped with the reason, a service error said in French inside a French note.
    const notFound = translator('fr')('serviceErrors.notFound', { service: 'MLflow' });
    expect(card).toMatch(/– \*\*Enregistrer dans MLflow\*\*\s*Non enregistré après 7 essais : /);
    expect(card).toContain(`essais : ${notFound}`);
    // The footer's reason too.
    expect(card).toContain(
      `pas enregistré dans MLflow : \`rollback\` ne le verra pas. ${notFound}`,
    );
    expect(card).not.toMatch(/new scope|creating|Not recorded|does not have/);
  });

  it('says the error of a failed step in French; the English conversation reads it as before', async () => {
    const forbidden = (lang: 'en' | 'fr') =>
      translator(lang)('serviceErrors.forbiddenCode', {
        service: 'Databricks',
        code: 'PERMISSION_DENIED',
      });
    dbx.failNext(/secrets\/scopes\/create/, dbxError(403, 'PERMISSION_DENIED', 'no scope for you'));
    const fr = await deployIn(await bot(), 'fr-FR');
    expect(fr.card).toContain(`✖ ${forbidden('fr')}`);
    expect(fr.card).not.toContain(forbidden('en'));
    expect(fr.card).not.toContain('no scope for you');
    expect(fr.end).toContain('échoué');
    for (const h of harnesses.splice(0)) await h.stop();

    dbx.failNext(/secrets\/scopes\/create/, dbxError(403, 'PERMISSION_DENIED', 'no scope for you'));
    const en = await deployIn(await bot(), 'en-US');
    expect(en.card).toContain(`✖ ${forbidden('en')}`);
    expect(en.card).toContain('Databricks refused the request');
  });
});
