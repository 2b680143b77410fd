import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
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
import { startLocaleProxy, type LocaleProxy } from './locale-proxy';

export const SHOTS = path.join(ROOT, 'artifacts', 'e2e');
export const BOT_ENTRY = path.join(ROOT, 'dist', 'src', 'index.js');
export const UI_TIMEOUT = 30_000;
export const STEP_TIMEOUT = 90_000;
export const SESSION_TIMEOUT = 180_000;

/** One bot + Playground + Chromium, as a user sees it; every e2e file starts its own. */
export interface E2ESession {
  page: Page;
  botUrl: string;
  dataDir: string;
  shot(name: string): Promise<void>;
  /** The newest Adaptive Card containing the text. */
  cardWith(text: string | RegExp): Locator;
  /** Types into the last composer (the personal chat, or a thread reply box) and sends. */
  sendInChat(text: string): Promise<void>;
  /** Opens a team channel (or group chat) by its name in the conversation list. */
  openConversation(name: string): Promise<void>;
  /** Starts a new channel post that @mentions the bot (channel bots only see mentions). */
  postInChannel(text: string): Promise<void>;
  stop(): Promise<void>;
}

export interface SessionOptions {
  /** Prefix for log files under artifacts/e2e/. */
  name: string;
  /** Extra environment for the bot process (targets, admins, fakes). */
  env?: Record<string, string | undefined>;
  /** An existing data folder (e.g. prepared with the CLI); a temporary one otherwise. */
  dataDir?: string;
  /** The Teams client's locale (e.g. `fr-FR`) stamped on every activity; the Playground's en-US otherwise. */
  locale?: string;
}

/**
 * Starts the built bot (dist) on a free loopback port, the Agents Playground in front of it,
 * and Chromium on the Playground's page. Auth stays off: the Playground sends no tokens.
 */
export async function startSession(o: SessionOptions): Promise<E2ESession> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}. Install it: apt-get install -y chromium fonts-liberation`,
    );
  }
  if (!existsSync(BOT_ENTRY))
    throw new Error(`${BOT_ENTRY} is missing: run \`npm run build\` first (npm test does).`);
  mkdirSync(SHOTS, { recursive: true });
  const started: Started[] = [];
  const tempDirs: string[] = [];
  let ctx: BrowserContext | undefined;
  let proxy: LocaleProxy | undefined;
  const stop = async () => {
    await ctx?.close().catch(() => undefined);
    for (const s of started.reverse()) await stopGroup(s);
    await proxy?.close();
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  };
  try {
    const dataDir = o.dataDir ?? mkdtempSync(path.join(os.tmpdir(), `e2e-${o.name}-data-`));
    if (!o.dataDir) tempDirs.push(dataDir);
    const browserDir = mkdtempSync(path.join(os.tmpdir(), `e2e-${o.name}-chromium-`));
    tempDirs.push(browserDir);
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
        ...o.env,
      },
      path.join(SHOTS, `${o.name}-bot.log`),
    );
    started.push(bot);
    await waitForHttp(`http://127.0.0.1:${botPort}/healthz`, bot);
    const botOrigin = `http://127.0.0.1:${botPort}`;
    if (o.locale) proxy = await startLocaleProxy(botOrigin, o.locale);
    const playground = startNode(
      'playground',
      playgroundArgs(playgroundPort, `${proxy?.url ?? botOrigin}/api/messages`),
      playgroundEnv(baseEnv, path.join(SHOTS, `${o.name}-playground.log`)),
      path.join(SHOTS, `${o.name}-playground.out`),
    );
    started.push(playground);
    await waitForHttp(`http://127.0.0.1:${playgroundPort}/_debug/ping`, playground);
    // If the port was taken the Playground silently picks another; insist on ours.
    if (!tail(playground.logFile).includes(`Listening on ${playgroundPort}`)) {
      throw new Error(
        `Playground did not listen on ${playgroundPort}:\n${tail(playground.logFile)}`,
      );
    }
    const browser = await launchChromium(browserDir);
    ctx = browser.ctx;
    const page = browser.page;
    page.setDefaultTimeout(UI_TIMEOUT);
    await page.goto(`http://127.0.0.1:${playgroundPort}/`, { waitUntil: 'load' });
    return {
      page,
      botUrl: `http://127.0.0.1:${botPort}`,
      dataDir,
      shot: async (name) => {
        await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
      },
      cardWith: (text) => page.locator('.ac-adaptiveCard', { hasText: text }).last(),
      sendInChat: async (text) => {
        const box = page.locator('div[role="textbox"][contenteditable="true"]').last();
        await box.click();
        await box.pressSequentially(text);
        await box.press('Enter');
      },
      openConversation: async (name) => {
        await page.locator('[role="tree"] [role="treeitem"]', { hasText: name }).first().click();
      },
      postInChannel: async (text) => {
        // Only a channel has a Post button: wait for it, so a slow switch from a chat does not
        // leave the mention typed into the chat's box (channel bots then never see the post).
        await page.getByRole('button', { name: 'Post', exact: true }).waitFor();
        const post = page.locator('div[role="textbox"][contenteditable="true"]').first();
        await post.click();
        await post.pressSequentially('@LLM');
        await page.locator('#typeahead-menu [role="menuitem"]').first().click();
        await post.pressSequentially(` ${text}`);
        await page.getByRole('button', { name: 'Post', exact: true }).click();
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
