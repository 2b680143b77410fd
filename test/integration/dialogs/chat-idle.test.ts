import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HttpMlflowService } from '../../../src/services/mlflow/http-mlflow-service';
import { fakeEcho, startFakeOpenAI, type FakeOpenAI } from '../../fakes/fake-openai';
import { startHarness, type Harness } from '../../support/bot-harness';
import {
  MLFLOW_SETUP_TIMEOUT_MS,
  startMlflowServer,
  type MlflowTestServer,
} from '../../support/mlflow-server';
import { waitUntil } from '../../support/wait-until';

// Issue 15 item 8: a chat session nobody ends must not leave its MLflow run RUNNING forever.

const AZURE_KEY = 'aoai-key-chat-idle';
const IDLE_MS = 3_000;

let mlflowServer: MlflowTestServer;
let fakeAI: FakeOpenAI;
let h: Harness | undefined;
let seq = 0;

beforeAll(async () => {
  mlflowServer = await startMlflowServer();
  fakeAI = await startFakeOpenAI({ azureApiKey: AZURE_KEY });
}, MLFLOW_SETUP_TIMEOUT_MS);

afterAll(async () => {
  await fakeAI?.close();
  await mlflowServer?.stop();
});

afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function bot(): Promise<{ h: Harness; experiment: string }> {
  const experiment = `chat-idle-${process.pid}-${++seq}`;
  h = await startHarness({
    env: {
      AZURE_OPENAI_ENDPOINT: fakeAI.url,
      AZURE_OPENAI_API_KEY: AZURE_KEY,
      AZURE_OPENAI_DEPLOYMENT: 'chat',
      MLFLOW_TRACKING_URI: mlflowServer.url,
      MLFLOW_PROMPTING_EXPERIMENT: experiment,
      CHAT_IDLE_TIMEOUT_MS: String(IDLE_MS),
    },
  });
  return { h, experiment };
}

async function say(bot: Harness, text: string, locale?: string): Promise<string> {
  const before = bot.connector.requests.length;
  await bot.send(bot.a.personal(text, locale ? { locale } : {}));
  const said = (await bot.connector.waitFor(before + 1))[before]?.body?.text;
  return typeof said === 'string' ? said : '';
}

const mlflow = () => new HttpMlflowService({ baseUrl: mlflowServer.url });

async function chatRun(experiment: string) {
  const exp = await mlflow().getExperimentByName(experiment);
  const [run, ...more] = (await mlflow().searchRuns({ experimentIds: [exp.experimentId] })).items;
  expect(more).toEqual([]);
  return run;
}

/** Polls MLflow until the chat run has left RUNNING. */
async function ended(experiment: string) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const run = await chatRun(experiment);
    if (run?.info.status !== 'RUNNING') return run;
    if (Date.now() > deadline) throw new Error('the chat run stayed RUNNING');
    await new Promise((r) => setTimeout(r, 200));
  }
}

const NOTICE = /A chat session here ended after 3 s without a message/;

describe('idle chat sessions', () => {
  it('end after CHAT_IDLE_TIMEOUT_MS: the run is closed KILLED and the user is told', async () => {
    const { h, experiment } = await bot();
    await say(h, 'chat Be brief.');
    expect(await say(h, 'first question')).toBe(fakeEcho('chat', 'first question'));

    const run = await ended(experiment);
    expect(run?.info.status).toBe('KILLED');
    expect(run?.tags.find((t) => t.key === 'llmops_end_reason')?.value).toBe('idle');
    const notice = await waitUntil('the notice', () =>
      h.connector.requests.find((r) => NOTICE.test(String(r.body?.text))),
    );
    expect(String(notice.body?.text)).toContain('Send `chat [system prompt]` to start a new one');
    // Plain text no longer goes to the model as part of a session.
    expect(await say(h, 'second question')).not.toBe(fakeEcho('chat', 'second question'));
  });

  it('tell the user in the language of the conversation (a fr-FR client reads French)', async () => {
    const { h } = await bot();
    expect(await say(h, 'chat', 'fr-FR')).toContain('Chat démarré avec azure.');
    await say(h, 'une question', 'fr-FR');
    const notice = await waitUntil('the French notice', () =>
      h.connector.requests.find((r) => String(r.body?.text).includes('après 3 s sans message')),
    );
    expect(String(notice.body?.text)).toContain('Envoyez `chat [system prompt]`');
  });

  it('also end when the bot was down past the idle time (the sweep reads the store)', async () => {
    const { h, experiment } = await bot();
    await say(h, 'chat');
    await say(h, 'only question');
    await h.stopBot();
    expect((await chatRun(experiment))?.info.status).toBe('RUNNING');
    await new Promise((r) => setTimeout(r, IDLE_MS + 200));
    expect((await chatRun(experiment))?.info.status).toBe('RUNNING');

    await h.restart();
    expect((await ended(experiment))?.info.status).toBe('KILLED');
    await waitUntil('the notice', () =>
      h.connector.requests.find((r) => NOTICE.test(String(r.body?.text))),
    );
  });
});
