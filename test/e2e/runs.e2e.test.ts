import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpMlflowService } from '../../src/services/mlflow/http-mlflow-service';
import { seedMlflow, type MlflowSeed } from '../support/mlflow-seed';
import {
  MLFLOW_SETUP_TIMEOUT_MS,
  startMlflowServer,
  type MlflowTestServer,
} from '../support/mlflow-server';
import {
  CHROMIUM,
  freePort,
  launchChromium,
  playgroundArgs,
  playgroundEnv,
  ROOT,
  startNode,
  stopGroup,
  tail,
  waitForHttp,
  type Started,
} from './playground';

/**
 * MLflow run cards seen from a Teams-like client: the built bot (dist) with a real MLflow
 * server seeded with runs, behind the Agents Playground in Debian Chromium. Needs
 * `npm run build` first. Screenshots go to artifacts/e2e/runs-*.png.
 */
const SHOTS = path.join(ROOT, 'artifacts', 'e2e');
const BOT_ENTRY = path.join(ROOT, 'dist', 'src', 'index.js');
const UI_TIMEOUT = 30_000;
const STEP_TIMEOUT = 90_000;
/** The Playground's signed-in user (test/e2e/.m365agentsplayground.yml), allowed to subscribe. */
const PLAYGROUND_USER = '22222222-2222-2222-2222-222222222220';

const started: Started[] = [];
const tempDirs: string[] = [];
let ctx: BrowserContext | undefined;
let page: Page;
let mlflowServer: MlflowTestServer | undefined;
let seed: MlflowSeed;

const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
const cardWith = (text: string | RegExp): Locator =>
  page.locator('.ac-adaptiveCard', { hasText: text }).last();

async function sendInChat(text: string): Promise<void> {
  const box = page.locator('div[role="textbox"][contenteditable="true"]').last();
  await box.click();
  await box.pressSequentially(text);
  await box.press('Enter');
}

/** The card alone, and the card forced to a phone's card width (~320 px). */
async function cardShots(card: Locator, name: string): Promise<void> {
  await page.setViewportSize({ width: 1400, height: 2400 });
  try {
    await card.scrollIntoViewIfNeeded();
    await card.screenshot({ path: path.join(SHOTS, `${name}-card.png`) });
    await card.evaluate((el: { style: { width: string } }) => {
      el.style.width = '320px';
    });
    await card.screenshot({ path: path.join(SHOTS, `${name}-320px.png`) });
    await card.evaluate((el: { style: { width: string } }) => {
      el.style.width = '';
    });
  } finally {
    await page.setViewportSize({ width: 1400, height: 900 });
  }
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}. Install it: apt-get install -y chromium fonts-liberation`,
    );
  }
  if (!existsSync(BOT_ENTRY)) {
    throw new Error(`${BOT_ENTRY} is missing: run \`npm run build\` first (npm test does).`);
  }
  mkdirSync(SHOTS, { recursive: true });
  mlflowServer = await startMlflowServer();
  seed = await seedMlflow(mlflowServer.url);

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'e2e-runs-data-'));
  const browserDir = mkdtempSync(path.join(os.tmpdir(), 'e2e-runs-chromium-'));
  tempDirs.push(dataDir, browserDir);
  const [botPort, playgroundPort] = [await freePort(), await freePort()];
  const baseEnv: Record<string, string | undefined> = { ...process.env };
  for (const key of ['MicrosoftAppId', 'MicrosoftAppPassword', 'MicrosoftAppType', 'NODE_ENV']) {
    delete baseEnv[key];
  }
  const bot = startNode(
    'bot',
    [BOT_ENTRY],
    {
      ...baseEnv,
      PORT: String(botPort),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      MLFLOW_TRACKING_URI: mlflowServer.url,
      MLFLOW_DEFAULT_EXPERIMENT: 'churn-model',
      ADMIN_AAD_OBJECT_IDS: PLAYGROUND_USER,
      MLFLOW_WATCH_CRON: '*/2 * * * * *',
    },
    path.join(SHOTS, 'runs-bot.log'),
  );
  started.push(bot);
  await waitForHttp(`http://127.0.0.1:${botPort}/healthz`, bot);

  const playground = startNode(
    'playground',
    playgroundArgs(playgroundPort, `http://127.0.0.1:${botPort}/api/messages`),
    playgroundEnv(baseEnv, path.join(SHOTS, 'runs-playground.log')),
    path.join(SHOTS, 'runs-playground.out'),
  );
  started.push(playground);
  await waitForHttp(`http://127.0.0.1:${playgroundPort}/_debug/ping`, playground);
  expect(tail(playground.logFile)).toContain(`Listening on ${playgroundPort}`);

  const browser = await launchChromium(browserDir);
  ctx = browser.ctx;
  page = browser.page;
  page.setDefaultTimeout(UI_TIMEOUT);
  await page.goto(`http://127.0.0.1:${playgroundPort}/`, { waitUntil: 'load' });
  await cardWith('Welcome to LLMOps Bot').waitFor();
}, MLFLOW_SETUP_TIMEOUT_MS);

afterAll(async () => {
  await ctx?.close().catch(() => undefined);
  for (const s of started.reverse()) await stopGroup(s);
  await mlflowServer?.stop();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('MLflow run cards in the Agents Playground', () => {
  it(
    '`runs` renders the latest runs of the default experiment, deleted runs left out',
    async () => {
      await sendInChat('runs');
      const runs = cardWith('Runs · churn-model');
      await runs.waitFor();
      const text = await runs.innerText();
      for (const name of ['xgb-tuned', 'baseline', 'crashed', 'stopped', 'live']) {
        expect(text).toContain(name);
      }
      expect(text).not.toContain('deleted-best');
      for (const label of ['Finished', 'Failed', 'Killed', 'Running'])
        expect(text).toContain(label);
      await shot('runs-01-list');
      await cardShots(runs, 'runs-02-list');
    },
    STEP_TIMEOUT,
  );

  it(
    '`run <id>` renders the summary card with metrics vs best, params and buttons',
    async () => {
      await sendInChat(`run ${seed.runs.baseline.runId}`);
      const run = cardWith('Run · baseline');
      await run.waitFor();
      const text = await run.innerText();
      expect(text).toContain(seed.runs.baseline.runId);
      expect(text).toMatch(/rmse/);
      expect(text).toMatch(/vs best/);
      expect(text).toContain('linear');
      await shot('runs-03-run');
      await cardShots(run, 'runs-04-run');
      const buttons = await run.locator('button, [role="button"], a').allInnerTexts();
      expect(buttons.join('|')).toContain('Open in MLflow');
      expect(buttons.join('|')).toContain('Compare with best');
    },
    STEP_TIMEOUT,
  );

  it(
    '`subscribe runs` in the alerts channel posts a card when a run fails',
    async () => {
      await page.locator('[role="tree"] [role="treeitem"]', { hasText: 'alerts' }).first().click();
      const post = page.locator('div[role="textbox"][contenteditable="true"]').first();
      await post.click();
      await post.pressSequentially('@LLM');
      await page.locator('#typeahead-menu [role="menuitem"]').first().click();
      await post.pressSequentially(' subscribe runs churn-model');
      await page.getByRole('button', { name: 'Post', exact: true }).click();
      await page
        .getByText(/Subscribed: MLflow runs of churn-model/)
        .last()
        .waitFor();

      const mlflow = new HttpMlflowService({ baseUrl: mlflowServer?.url ?? '' });
      await mlflow.updateRun(seed.runs.live.runId, { status: 'FAILED', endTime: Date.now() + 1 });
      const notice = cardWith(/live[\s\S]*Failed[\s\S]*Run in churn-model/);
      await notice.waitFor();
      await shot('runs-05-channel-notice');
      await cardShots(notice, 'runs-06-notice');
      // "Show run" on the notice brings the full run card.
      await notice.getByRole('button', { name: 'Show run' }).click();
      await cardWith(/Run · live[\s\S]*Failed/).waitFor();
      await shot('runs-07-show-run-from-notice');
    },
    STEP_TIMEOUT,
  );
});
