import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startArmTestEnv } from '../fakes/fake-arm/arm-test-env';
import { installClusters } from '../fakes/fake-databricks/clusters';
import { installIdentity } from '../fakes/fake-databricks/identity';
import { FakeDatabricks } from '../fakes/fake-databricks/fake-databricks';
import { fakeEcho, startFakeOpenAI, type FakeOpenAI } from '../fakes/fake-openai';
import { seedMlflow, type MlflowSeed } from '../support/mlflow-seed';
import {
  MLFLOW_SETUP_TIMEOUT_MS,
  startMlflowServer,
  type MlflowTestServer,
} from '../support/mlflow-server';
import { ROOT } from './playground';
import { SESSION_TIMEOUT, SHOTS, startSession, type E2ESession } from './session';

/**
 * Issue 17's main paths — help, status, ask, a provision plan card, a drift alert with its
 * buttons, a run card — once from a Teams client in French (fr-FR) and once in English (en-US),
 * one Playground session each, the fakes shared. The Playground always sends en-US, so the
 * session puts a locale proxy in front of the bot (test/e2e/locale-proxy.ts). Screenshots:
 * artifacts/e2e/locale-<fr|en>-*.png. Needs `npm run build` first.
 */
const CLI = path.join(ROOT, 'bin', 'llmops-bot.js');
const PLAYGROUND_USER = '22222222-2222-2222-2222-222222222220';
const AZURE_KEY = 'e2e-locale-key';
const STEP = 120_000;
const HOUR = 3_600_000;

let arm: Awaited<ReturnType<typeof startArmTestEnv>>;
let dbx: FakeDatabricks;
let ai: FakeOpenAI;
let mlflow: MlflowTestServer;
let seed: MlflowSeed;

beforeAll(async () => {
  arm = await startArmTestEnv();
  dbx = new FakeDatabricks();
  await dbx.start();
  installClusters(dbx);
  installIdentity(dbx);
  ai = await startFakeOpenAI({ azureApiKey: AZURE_KEY });
  mlflow = await startMlflowServer();
  seed = await seedMlflow(mlflow.url);
}, MLFLOW_SETUP_TIMEOUT_MS);

afterAll(async () => {
  await mlflow?.stop();
  await ai?.close();
  await dbx?.stop();
  await arm?.stop();
}, 60_000);

/** A calm hour, then an hour with slower, longer answers (the drift e2e's window, shorter). */
function driftedWindow(now: number): string {
  const lines: string[] = [];
  for (let i = 0; i < 160; i++) {
    const current = i >= 80;
    const jitter = 0.8 + ((i * 37) % 40) / 100;
    lines.push(
      JSON.stringify({
        at: now - (current ? HOUR : 2 * HOUR) + (i % 80) * 40_000 + 5_000,
        latency_ms: Math.round((current ? 1_600 : 450) * jitter),
        completion_tokens: Math.round((current ? 420 : 110) * jitter),
        prompt_tokens: Math.round(60 * jitter),
        finish_reason: current && i % 3 === 0 ? 'length' : 'stop',
        status: 'ok',
      }),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** What each language must show on the screens converted so far (others may still be English). */
const EXPECT = {
  fr: {
    locale: 'fr-FR',
    help: 'aide',
    status: 'statut',
    helpTitle: 'Commandes de LLMOps Bot',
    statusTitle: 'État de LLMOps Bot',
    failing: 'En échec',
    welcome: 'Bienvenue dans LLMOps Bot',
    answer: ['Réponse', 'Filtre de contenu', 'réussi'],
  },
  en: {
    locale: 'en-US',
    help: 'help',
    status: 'status',
    helpTitle: 'LLMOps Bot commands',
    statusTitle: 'LLMOps Bot status',
    failing: 'Failing',
    welcome: 'Welcome to LLMOps Bot',
    answer: ['Answer', 'Content filter', 'passed'],
  },
} as const;

describe.each(['fr', 'en'] as const)('the main paths with a %s Teams client', (lang) => {
  const want = EXPECT[lang];
  let session: E2ESession;
  const name = (screen: string) => `locale-${lang}-${screen}`;

  /** The card alone on a tall viewport, and at a phone's card width (~320 px). */
  async function cardShots(card: Locator, screen: string): Promise<void> {
    const page = session.page;
    await page.setViewportSize({ width: 1400, height: 2000 });
    try {
      await card.scrollIntoViewIfNeeded();
      await card.screenshot({ path: path.join(SHOTS, `${name(screen)}.png`) });
      await card.evaluate((el: { style: { width: string } }) => (el.style.width = '320px'));
      await card.screenshot({ path: path.join(SHOTS, `${name(screen)}-320px.png`) });
      await card.evaluate((el: { style: { width: string } }) => (el.style.width = ''));
    } finally {
      await page.setViewportSize({ width: 1400, height: 900 });
    }
  }

  beforeAll(async () => {
    session = await startSession({
      name: name('session'),
      locale: want.locale,
      env: {
        ADMIN_AAD_OBJECT_IDS: PLAYGROUND_USER,
        AZURE_OPENAI_ENDPOINT: ai.url,
        AZURE_OPENAI_API_KEY: AZURE_KEY,
        AZURE_OPENAI_DEPLOYMENT: 'chat',
        AZURE_SUBSCRIPTION_ID: arm.fake.state.subscriptionId,
        AZURE_ARM_ENDPOINT: arm.fake.url,
        AZURE_LRO_POLL_INTERVAL_MS: '20',
        PROVISION_STEP_SLICE_MS: '300',
        DATABRICKS_LIBRARIES: 'openai,tiktoken',
        DATABRICKS_HOST: dbx.url,
        DATABRICKS_TOKEN: 'dapi-test-token',
        DATABRICKS_SINGLE_USER: 'ona@example.com',
        NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS,
        IDENTITY_ENDPOINT: arm.fake.identityEndpoint,
        IDENTITY_HEADER: arm.fake.identityHeader,
        MLFLOW_TRACKING_URI: mlflow.url,
        MLFLOW_DEFAULT_EXPERIMENT: 'churn-model',
        DRIFT_DEFAULT_TARGET: 'gpt-test',
        DRIFT_WINDOW_HOURS: '1',
        DRIFT_FEATURES: 'latency_ms,completion_tokens,prompt_tokens,finish_reason',
        DRIFT_OWNER_ID: PLAYGROUND_USER,
        DRIFT_OWNER_NAME: 'Ona Call',
      },
    });
    session.page.setDefaultTimeout(45_000);
    await session.cardWith(want.welcome).waitFor();
  }, SESSION_TIMEOUT);

  afterAll(() => session?.stop(), 60_000);

  it(
    'help, status and ask',
    async () => {
      await session.sendInChat(want.help);
      const help = session.cardWith(want.helpTitle);
      await help.waitFor();
      await cardShots(help, '01-help');
      await session.sendInChat(want.status);
      // The title, not a product name: the help card names MLflow too and must not stand in.
      const status = session.cardWith(want.statusTitle);
      await status.waitFor();
      // Every fake answers its probe (ARM subscription, SCIM Me, MLflow, Models - List).
      await expect.poll(() => status.innerText()).toContain('Azure OpenAI');
      expect(await status.innerText()).not.toContain(want.failing);
      await cardShots(status, '02-status');
      await session.sendInChat('ask What is MLflow?');
      const answer = session.cardWith(fakeEcho('chat', 'What is MLflow?'));
      await answer.waitFor();
      const text = await answer.innerText();
      for (const words of want.answer) expect(text).toContain(words);
      await cardShots(answer, '03-ask');
      await session.shot(name('04-chat'));
    },
    STEP,
  );

  it(
    'a provision plan card (dry run) and a run card',
    async () => {
      await session.sendInChat('provision --dry-run');
      const plan = session.cardWith('rg-llmops-lab');
      await plan.waitFor({ timeout: 90_000 }).catch(async (err: unknown) => {
        await session.shot(name('05-provision-missing'));
        throw err;
      });
      await cardShots(plan, '05-provision-plan');
      expect(arm.fake.isEmpty()).toBe(true);
      await session.sendInChat(`run ${seed.runs.baseline.runId}`);
      const run = session.cardWith(seed.runs.baseline.runId);
      await run.waitFor();
      await cardShots(run, '06-run');
    },
    STEP + 60_000,
  );

  it(
    'a drift alert with its buttons, in the team channel',
    async () => {
      await session.openConversation('alerts');
      await session.postInChannel('subscribe drift --every "*/3 * * * * *"');
      await session.page
        .getByText(/unsubscribe drift/)
        .last()
        .waitFor();
      const file = path.join(session.dataDir, 'window.jsonl');
      writeFileSync(file, driftedWindow(Date.now()));
      const imported = spawnSync(
        process.execPath,
        [CLI, 'drift', 'import', file, '--target', 'gpt-test'],
        {
          encoding: 'utf8',
          timeout: 30_000,
          env: { ...process.env, DATA_DIR: session.dataDir, LOG_LEVEL: 'silent' },
        },
      );
      expect(imported.stderr).toBe('');
      const alert = session.cardWith(/gpt-test[\s\S]*K-S/);
      await alert.waitFor({ timeout: 60_000 });
      expect(await alert.getByRole('button').count()).toBeGreaterThanOrEqual(2);
      await session.shot(name('07-channel'));
      await cardShots(alert, '08-drift-alert');
    },
    STEP,
  );
});
