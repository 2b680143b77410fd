import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cardOf,
  cardText,
  startHarness,
  type CapturedRequest,
  type Harness,
  type WireActivity,
} from '../../support/bot-harness';
import { closedPortUrl } from '../../support/loopback-peers';
import { shownText } from '../../support/shown-text';
import { checkCard } from '../../support/card-validator';

/** What the reader sees of the status card the bot answers `activity` with. */
async function statusCard(h: Harness, activity: WireActivity): Promise<string> {
  h.connector.clear();
  await h.send(activity);
  const [reply]: (CapturedRequest | undefined)[] = await h.connector.waitFor(1, 15_000);
  return shownText(cardText(cardOf(reply?.body)));
}

describe('`status` with nothing configured', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.stop());

  it('names, on each row not configured, the variables that would configure it', async () => {
    const text = await statusCard(h, h.a.personal('status'));
    expect(text).toMatch(/Azure\n○ Not configured\nTo configure: set AZURE_SUBSCRIPTION_ID/);
    expect(text).toMatch(/Databricks\n○ Not configured\nTo configure: set DATABRICKS_HOST/);
    expect(text).toMatch(/MLflow\n○ Not configured\nTo configure: set MLFLOW_TRACKING_URI/);
    expect(text).toMatch(/Model\n○ Not configured\nTo configure: set AZURE_OPENAI_ENDPOINT/);
    expect(text).toContain('OPENAI_BASE_URL and OPENAI_MODEL');
    expect(text).not.toContain('not configured\nnot configured');
  });

  it('speaks French to a French Teams client, on a valid card', async () => {
    h.connector.clear();
    await h.send(h.a.personal('status', { locale: 'fr-FR' }));
    const [reply] = await h.connector.waitFor(1, 15_000);
    const card = cardOf(reply?.body);
    expect(card && checkCard(card).events).toEqual([]);
    const text = shownText(cardText(card));
    expect(text).toContain('État de LLMOps Bot');
    expect(text).toMatch(
      /Azure\n○ Non configuré\nPour configurer : définissez AZURE_SUBSCRIPTION_ID/,
    );
    expect(text).toContain('identité managée');
    expect(text).toMatch(/Conversations connues : \d/);
    expect(text).not.toContain('Not configured');
    expect(reply?.body?.summary).toBe('État : toutes les connexions configurées répondent');
    const inChannel = await statusCard(h, h.a.channel('status', { locale: 'fr-FR' }));
    expect(inChannel).toContain(
      'un fichier sur le serveur du bot (affiché en conversation privée)',
    );
    // The store's own line and the probe names below the dialogs speak French too.
    expect(inChannel).toMatch(/Stockage\n✔ Opérationnel\n.*\nSQLite, wal, schéma v\d+/);
    expect(inChannel).toMatch(/Modèle\n○ Non configuré/);
  });

  it("shows the store's file in personal chat only, never in a channel", async () => {
    expect(await statusCard(h, h.a.personal('status'))).toContain(h.dataDir);
    const inChannel = await statusCard(h, h.a.channel('status'));
    expect(inChannel).not.toContain(h.dataDir);
    expect(inChannel).toContain("a file on the bot's server (shown in personal chat)");
    expect(inChannel).toMatch(/Store\n✔ OK\n.*\nSQLite, wal, schema v\d+/);
  });

  it('counts a channel once, however many threads the bot answered in', async () => {
    // Personal chat and the channel (several posts, each its own thread) so far.
    await h.send(h.a.channel('whoami'));
    await h.send(h.a.channel('whoami'));
    const text = await statusCard(h, h.a.personal('status'));
    expect(text).toContain('Conversations known: 2');
  });
});

describe('`status` with two model targets, one failing', () => {
  let models: Server;
  let modelsUrl: string;
  let h: Harness;

  beforeAll(async () => {
    // An OpenAI-compatible server that answers the probe's model list.
    models = createServer((req, res) => {
      req.resume();
      res.writeHead(req.url === '/v1/models' ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: [{ id: 'small-model' }] }));
    });
    await new Promise<void>((r) => models.listen(0, '127.0.0.1', r));
    const a = models.address();
    modelsUrl = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
    h = await startHarness({
      env: {
        AZURE_OPENAI_ENDPOINT: await closedPortUrl(),
        AZURE_OPENAI_API_KEY: 'azure-key',
        AZURE_OPENAI_DEPLOYMENT: 'chat',
        OPENAI_BASE_URL: `${modelsUrl}/v1`,
        OPENAI_API_KEY: 'openai-key',
        OPENAI_MODEL: 'small-model',
      },
    });
  });
  afterAll(async () => {
    await h.stop();
    await new Promise((r) => models.close(r));
  });

  it('shows one row per target: the failing azure does not hide the working openai', async () => {
    const text = await statusCard(h, h.a.personal('status'));
    expect(text).toMatch(/Model: azure\n✖ Failing\n.*\(Azure OpenAI, chat\)/);
    expect(text).toMatch(/Model: openai\n✔ OK\n.*\(OpenAI-compatible, small-model\)\nanswers/);
    expect(text).not.toContain('azure-key');
    expect(text).not.toContain('openai-key');
  });

  it('gives the probe details in French: what answered and why one fails', async () => {
    const text = await statusCard(h, h.a.personal('status', { locale: 'fr-FR' }));
    expect(text).toContain('répond (1 modèle visible)');
    expect(text).toContain('Azure OpenAI est injoignable. Vérifiez son adresse');
    expect(text).not.toContain('models visible');
    expect(text).toMatch(/Modèle : azure\n✖ En échec\n.*\(Azure OpenAI, chat\)/);
    expect(text).toMatch(
      /Modèle : openai\n✔ Opérationnel\n.*\(compatible OpenAI, small-model\)\nrépond/,
    );
  });
});
