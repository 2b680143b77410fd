import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './playground';
import { SESSION_TIMEOUT, SHOTS, startSession, type E2ESession } from './session';

/**
 * Drift alerts seen from a Teams-like client: subscribe in the team channel, a drifted window
 * arrives through `llmops-bot drift import`, the cron check posts the alert card in the
 * channel, and Acknowledge updates it. Needs `npm run build` first (npm test does it).
 */
const CLI = path.join(ROOT, 'bin', 'llmops-bot.js');
/** The Playground user (test/e2e/.m365agentsplayground.yml currentUser.aadObjectId). */
const PLAYGROUND_ADMIN = '22222222-2222-2222-2222-222222222220';
const STEP_TIMEOUT = 120_000;
const HOUR = 3_600_000;

let session: E2ESession;
let page: Page;
let dataDir: string;
const shot = (name: string) => session.shot(name);
const cardWith = (text: string | RegExp) => session.cardWith(text);

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
  session = await startSession({
    name: 'drift',
    env: {
      ADMIN_AAD_OBJECT_IDS: PLAYGROUND_ADMIN,
      DRIFT_DEFAULT_TARGET: 'gpt-test',
      DRIFT_WINDOW_HOURS: '1',
      DRIFT_FEATURES: 'latency_ms,completion_tokens,prompt_tokens,finish_reason',
      DRIFT_OWNER_ID: PLAYGROUND_ADMIN,
      DRIFT_OWNER_NAME: 'Ona Call',
    },
  });
  page = session.page;
  page.setDefaultTimeout(45_000);
  dataDir = session.dataDir;
}, SESSION_TIMEOUT);

afterAll(() => session?.stop(), 60_000);

describe('drift alerts in the Agents Playground (team channel)', () => {
  it(
    'subscribes the alerts channel to drift checks every 5 seconds',
    async () => {
      await session.openConversation('alerts');
      await session.postInChannel('subscribe drift --every "*/5 * * * * *"');
      await page
        .getByText(/Subscribed in this channel: Drift check/)
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
