import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
 * Drift alerts seen from a Teams-like client: subscribe in the team channel, a drifted window
 * arrives through `llmops-bot drift import`, the cron check posts the alert card in the
 * channel, and Acknowledge updates it. Needs `npm run build` first (npm test does it).
 */
const SHOTS = path.join(ROOT, 'artifacts', 'e2e');
const BOT_ENTRY = path.join(ROOT, 'dist', 'src', 'index.js');
const CLI = path.join(ROOT, 'bin', 'llmops-bot.js');
/** The Playground user (test/e2e/.m365agentsplayground.yml currentUser.aadObjectId). */
const PLAYGROUND_ADMIN = '22222222-2222-2222-2222-222222222220';
const UI_TIMEOUT = 45_000;
const STEP_TIMEOUT = 120_000;
const HOUR = 3_600_000;

const started: Started[] = [];
const tempDirs: string[] = [];
let ctx: BrowserContext | undefined;
let page: Page;
let dataDir: string;

const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
const cardWith = (text: string | RegExp): Locator =>
  page.locator('.ac-adaptiveCard', { hasText: text }).last();

async function postInChannel(text: string): Promise<void> {
  const post = page.locator('div[role="textbox"][contenteditable="true"]').first();
  await post.click();
  await post.pressSequentially('@LLM');
  await page.locator('#typeahead-menu [role="menuitem"]').first().click();
  await post.pressSequentially(` ${text}`);
  await page.getByRole('button', { name: 'Post', exact: true }).click();
}

/** A calm hour, then an hour with slower, longer answers and more cut-offs. */
function driftedWindow(now: number): string {
  const lines: string[] = [];
  let s = 12345;
  const r = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  for (let i = 0; i < 240; i++) {
    const current = i >= 120;
    lines.push(
      JSON.stringify({
        at: now - (current ? HOUR : 2 * HOUR) + (i % 120) * 25_000 + 5_000,
        latency_ms: Math.round((current ? 1_600 : 450) * (0.8 + r() * 0.4)),
        completion_tokens: Math.round((current ? 420 : 110) * (0.8 + r() * 0.4)),
        prompt_tokens: Math.round(60 * (0.8 + r() * 0.4)),
        finish_reason: current && i % 3 === 0 ? 'length' : 'stop',
        status: 'ok',
      }),
    );
  }
  return `${lines.join('\n')}\n`;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}.`);
  if (!existsSync(BOT_ENTRY)) throw new Error(`${BOT_ENTRY} is missing: run \`npm run build\`.`);
  mkdirSync(SHOTS, { recursive: true });
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'e2e-drift-data-'));
  const browserDir = mkdtempSync(path.join(os.tmpdir(), 'e2e-drift-chromium-'));
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
      ADMIN_AAD_OBJECT_IDS: PLAYGROUND_ADMIN,
      DRIFT_DEFAULT_TARGET: 'gpt-test',
      DRIFT_WINDOW_HOURS: '1',
      DRIFT_FEATURES: 'latency_ms,completion_tokens,prompt_tokens,finish_reason',
      DRIFT_OWNER_ID: PLAYGROUND_ADMIN,
      DRIFT_OWNER_NAME: 'Ona Call',
    },
    path.join(SHOTS, 'drift-bot.log'),
  );
  started.push(bot);
  await waitForHttp(`http://127.0.0.1:${botPort}/healthz`, bot);
  const playground = startNode(
    'playground',
    playgroundArgs(playgroundPort, `http://127.0.0.1:${botPort}/api/messages`),
    playgroundEnv(baseEnv, path.join(SHOTS, 'drift-playground.log')),
    path.join(SHOTS, 'drift-playground.out'),
  );
  started.push(playground);
  await waitForHttp(`http://127.0.0.1:${playgroundPort}/_debug/ping`, playground);
  expect(tail(playground.logFile)).toContain(`Listening on ${playgroundPort}`);
  const browser = await launchChromium(browserDir);
  ctx = browser.ctx;
  page = browser.page;
  page.setDefaultTimeout(UI_TIMEOUT);
  await page.goto(`http://127.0.0.1:${playgroundPort}/`, { waitUntil: 'load' });
}, 180_000);

afterAll(async () => {
  await ctx?.close().catch(() => undefined);
  for (const s of started.reverse()) await stopGroup(s);
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('drift alerts in the Agents Playground (team channel)', () => {
  it(
    'subscribes the alerts channel to drift checks every 5 seconds',
    async () => {
      await page.locator('[role="tree"] [role="treeitem"]', { hasText: 'alerts' }).first().click();
      await postInChannel('subscribe drift --every "*/5 * * * * *"');
      await page
        .getByText(/Subscribed: Drift check of|Subscribed: Drift check in this channel/)
        .last()
        .waitFor();
      await shot('drift-01-subscribed');
    },
    STEP_TIMEOUT,
  );

  it(
    'posts ONE alert card in the channel once a drifted window arrives',
    async () => {
      const file = path.join(dataDir, 'window.jsonl');
      writeFileSync(file, driftedWindow(Date.now()));
      const run = spawnSync(
        process.execPath,
        [CLI, 'drift', 'import', file, '--target', 'gpt-test'],
        {
          encoding: 'utf8',
          timeout: 30_000,
          env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
        },
      );
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain('Imported 240 predictions');
      const alert = cardWith('Drift alert: gpt-test');
      await alert.waitFor();
      const text = await alert.innerText();
      expect(text).toContain('Latency (ms)');
      expect(text).toMatch(/K-S p (=|<) /);
      await shot('drift-02-alert');
      await page.setViewportSize({ width: 1400, height: 1600 });
      try {
        await alert.scrollIntoViewIfNeeded();
        await alert.screenshot({ path: path.join(SHOTS, 'drift-03-alert-card.png') });
      } finally {
        await page.setViewportSize({ width: 1400, height: 900 });
      }
      // Later checks update the same card; a second alert post never appears.
      await page.waitForTimeout(6_000);
      await expect(
        page.locator('.ac-adaptiveCard', { hasText: 'Drift alert: gpt-test' }).count(),
      ).resolves.toBe(1);
    },
    STEP_TIMEOUT,
  );

  it(
    'Acknowledge records who and updates the card',
    async () => {
      const alert = cardWith('Drift alert: gpt-test');
      await alert.getByRole('button', { name: 'Acknowledge' }).click();
      const acked = cardWith(/Drift alert: gpt-test[\s\S]*Acknowledged[\s\S]*Ona Call/);
      await acked.waitFor();
      await expect(acked.getByRole('button', { name: 'Acknowledge' }).count()).resolves.toBe(0);
      await acked.scrollIntoViewIfNeeded();
      await shot('drift-04-acknowledged');
      await acked.screenshot({ path: path.join(SHOTS, 'drift-05-acknowledged-card.png') });
    },
    STEP_TIMEOUT,
  );
});
