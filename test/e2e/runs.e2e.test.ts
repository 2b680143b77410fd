import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpMlflowService } from '../../src/services/mlflow/http-mlflow-service';
import { seedMlflow, type MlflowSeed } from '../support/mlflow-seed';
import {
  MLFLOW_SETUP_TIMEOUT_MS,
  startMlflowServer,
  type MlflowTestServer,
} from '../support/mlflow-server';
import { SHOTS, startSession, STEP_TIMEOUT, type E2ESession } from './session';

/**
 * MLflow run cards seen from a Teams-like client: the built bot (dist) with a real MLflow
 * server seeded with runs, behind the Agents Playground in Debian Chromium. Needs
 * `npm run build` first. Screenshots go to artifacts/e2e/runs-*.png.
 */
/** The Playground's signed-in user (test/e2e/.m365agentsplayground.yml), allowed to subscribe. */
const PLAYGROUND_USER = '22222222-2222-2222-2222-222222222220';

let session: E2ESession;
let page: Page;
let mlflowServer: MlflowTestServer | undefined;
let seed: MlflowSeed;
const shot = (name: string) => session.shot(name);
const cardWith = (text: string | RegExp): Locator => session.cardWith(text);
const sendInChat = (text: string) => session.sendInChat(text);

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
  mlflowServer = await startMlflowServer();
  seed = await seedMlflow(mlflowServer.url);
  session = await startSession({
    name: 'runs',
    env: {
      MLFLOW_TRACKING_URI: mlflowServer.url,
      MLFLOW_DEFAULT_EXPERIMENT: 'churn-model',
      ADMIN_AAD_OBJECT_IDS: PLAYGROUND_USER,
      // Every 2 seconds, so a run's channel post shows up while the test watches.
      MLFLOW_WATCH_CRON: '*/2 * * * * *',
    },
  });
  page = session.page;
  await cardWith('Welcome to LLMOps Bot').waitFor();
}, MLFLOW_SETUP_TIMEOUT_MS);

afterAll(async () => {
  await session?.stop();
  await mlflowServer?.stop();
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
      await session.openConversation('alerts');
      await session.postInChannel('subscribe runs churn-model');
      await page
        .getByText(/Subscribed in this channel: MLflow runs · churn-model/)
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
