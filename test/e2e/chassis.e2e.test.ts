import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../src/bot/commands';
import { ROOT } from './playground';
import { SESSION_TIMEOUT, SHOTS, startSession, STEP_TIMEOUT, type E2ESession } from './session';

/**
 * The chassis seen from a Teams-like client: the built bot (dist) behind the Microsoft 365
 * Agents Playground, driven in Debian Chromium. Needs `npm run build` first (npm test does it).
 * Screenshots of every step go to artifacts/e2e/.
 */
let session: E2ESession;
let page: Page;
const shot = (name: string) => session.shot(name);
const cardWith = (text: string | RegExp) => session.cardWith(text);
const sendInChat = (text: string) => session.sendInChat(text);

beforeAll(async () => {
  session = await startSession({ name: 'chassis' });
  page = session.page;
}, SESSION_TIMEOUT);

afterAll(() => session?.stop(), 60_000);

describe('LLMOps Bot in the Agents Playground (Teams client)', () => {
  it(
    'greets with the welcome card when the personal chat opens',
    async () => {
      const welcome = cardWith('Welcome to LLMOps Bot');
      await welcome.waitFor();
      await expect(
        welcome.getByRole('button', { name: 'Show all commands' }).count(),
      ).resolves.toBe(1);
      await shot('01-welcome');
    },
    STEP_TIMEOUT,
  );

  it(
    'answers `help` with the command card generated from the registry',
    async () => {
      await sendInChat('help');
      const help = cardWith('LLMOps Bot commands');
      await help.waitFor();
      // Every registered command appears, under its help section.
      for (const c of commands) {
        await expect(help.getByText(c.id, { exact: true }).first().count()).resolves.toBe(1);
      }
      for (const group of new Set(commands.map((c) => c.group))) {
        await expect(help.getByText(group, { exact: true }).first().count()).resolves.toBe(1);
      }
      await shot('02-help');
      // A tall viewport so the whole card fits below the Playground's sticky header.
      await page.setViewportSize({ width: 1400, height: 2000 });
      try {
        await page
          .locator('.fai-OutputCard', { has: help })
          .last()
          .screenshot({ path: path.join(SHOTS, '02-help-bubble.png') });
      } finally {
        await page.setViewportSize({ width: 1400, height: 900 });
      }
    },
    STEP_TIMEOUT,
  );

  it(
    'round-trips a card action: "Who am I?" on the help card brings the whoami card',
    async () => {
      const help = cardWith('LLMOps Bot commands');
      await help.getByRole('button', { name: 'Who am I?' }).click();
      const whoami = cardWith(/Who am I[\s\S]*Personal chat/);
      await whoami.waitFor();
      await expect(whoami.innerText()).resolves.toContain('Ona Call');
      await shot('03-whoami-from-button');
    },
    STEP_TIMEOUT,
  );

  it(
    'shows the help card at a phone-like width (420 px)',
    async () => {
      await page.setViewportSize({ width: 420, height: 900 });
      try {
        const help = cardWith('LLMOps Bot commands');
        await help.scrollIntoViewIfNeeded();
        await help.screenshot({ path: path.join(SHOTS, '05-help-narrow-card.png') });
        await shot('05-help-narrow-page');
        // The Playground page itself does not shrink below ~700 px, so also force the card to a
        // phone's card width (about 320 px) to see how its text wraps there.
        await page.setViewportSize({ width: 420, height: 2400 });
        await help.evaluate((el: { style: { width: string } }) => {
          el.style.width = '320px';
        });
        await help.screenshot({ path: path.join(SHOTS, '06-help-card-320px.png') });
        await help.evaluate((el: { style: { width: string } }) => {
          el.style.width = '';
        });
      } finally {
        await page.setViewportSize({ width: 1400, height: 900 });
      }
    },
    STEP_TIMEOUT,
  );

  it(
    'the first hour: `help run` shows its placeholders, `status` names what to set, a typo and a sentence get short answers',
    async () => {
      await sendInChat('help run');
      const helpRun = cardWith('Help: run');
      await helpRun.waitFor();
      await expect(helpRun.innerText()).resolves.toContain('run <run id>');
      await helpRun.screenshot({ path: path.join(SHOTS, '07-help-run-card.png') });

      await sendInChat('status');
      const status = cardWith(/To configure: set/);
      await status.waitFor();
      await expect(status.innerText()).resolves.toContain('MLFLOW_TRACKING_URI');
      await status.screenshot({ path: path.join(SHOTS, '08-status-nothing-configured.png') });

      await sendInChat('hlep');
      const typo = cardWith('I don\'t know "hlep"');
      await typo.waitFor();
      await expect(typo.getByRole('button', { name: 'help' }).count()).resolves.toBe(1);
      await typo.screenshot({ path: path.join(SHOTS, '09-typo-card.png') });

      // Without a model, a sentence naming a command gets that command, not the help card.
      await sendInChat('can you deploy the model please');
      const sentence = cardWith(/Did you mean .?deploy.?\?/);
      await sentence.waitFor();
      await sentence.screenshot({ path: path.join(SHOTS, '10-sentence-no-model-card.png') });
    },
    STEP_TIMEOUT,
  );

  it(
    'in the alerts channel, an @mention `whoami` reply names the channel',
    async () => {
      await session.openConversation('alerts');
      await session.postInChannel('whoami');
      const whoami = cardWith(/Who am I[\s\S]*Team channel/);
      await whoami.waitFor();
      const text = await whoami.innerText();
      expect(text).toContain('19:alerts@thread.tacv2');
      expect(text).toContain('19:ops-team-general@thread.tacv2');
      await shot('04-channel-whoami');
    },
    STEP_TIMEOUT,
  );
});

describe('the built CLI (bin/llmops-bot.js → dist/src/cli.js)', () => {
  it('prints its help', () => {
    const run = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'llmops-bot.js'), '--help'], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: llmops-bot <command>/);
    expect(run.stdout).toContain('manifest');
  });
});
