import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { groupListensOn } from '../support/process-group';

/** Everything the e2e run starts lives here, so afterAll can stop it all. */
export const ROOT = path.resolve(__dirname, '../..');
export const CHROMIUM = '/usr/bin/chromium';
export const PLAYGROUND_CLI = path.join(
  ROOT,
  'node_modules/@microsoft/m365agentsplayground/cli.js',
);
export const FORCE_LOOPBACK = path.join(__dirname, 'force-loopback.cjs');
export const PLAYGROUND_CONFIG = path.join(__dirname, '.m365agentsplayground.yml');

/** A free loopback port (bind to 0, read it, release it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Started {
  name: string;
  child: ChildProcess;
  logFile: string;
}

/**
 * Starts a node process in its own process group (detached), output to a log file, so
 * stopping it with `kill(-pid)` also stops anything it spawned.
 */
export function startNode(
  name: string,
  args: string[],
  env: Record<string, string | undefined>,
  logFile: string,
): Started {
  const fd = openSync(logFile, 'w');
  try {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env,
      detached: true,
      stdio: ['ignore', fd, fd],
    });
    return { name, child, logFile };
  } finally {
    closeSync(fd);
  }
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** SIGTERM to the whole group, SIGKILL after a grace period; never throws. */
export async function stopGroup(started: Started, graceMs = 5_000): Promise<void> {
  const pid = started.child.pid;
  if (pid === undefined || exited(started.child)) return;
  const gone = new Promise<void>((resolve) => started.child.once('exit', () => resolve()));
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pid, sig);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), graceMs));
  if ((await Promise.race([gone, timer])) === 'timeout') {
    signal('SIGKILL');
    await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 2_000))]);
  }
}

/** Polls a URL until it answers 2xx; fails with the process log tail if the process died. */
export async function waitForHttp(url: string, started: Started, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited(started.child)) {
      throw new Error(`${started.name} exited early:\n${tail(started.logFile)}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      // Ours only if our group holds the listening socket: a probed port can be taken by another.
      if (res.ok && groupListensOn(started.child, Number(new URL(url).port))) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(
    `${started.name} did not answer ${url} in ${timeoutMs} ms:\n${tail(started.logFile)}`,
  );
}

export function tail(file: string, lines = 30): string {
  if (!existsSync(file)) return '(no log)';
  return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}

/** The Playground's environment: no browser of its own, log to a file, our Teams context. */
export function playgroundEnv(
  base: Record<string, string | undefined>,
  logFile: string,
): Record<string, string | undefined> {
  return {
    ...base,
    TEAMSAPPTESTER_BROWSER: 'none',
    M365_AGENTS_PLAYGROUND_LOGFILE: logFile,
    M365_AGENTS_PLAYGROUND_CONFIG_PATH: PLAYGROUND_CONFIG,
    NODE_OPTIONS: `--require ${FORCE_LOOPBACK}`,
  };
}

export function playgroundArgs(port: number, botEndpoint: string): string[] {
  return [
    PLAYGROUND_CLI,
    '-c',
    'msteams',
    '-p',
    String(port),
    '-e',
    botEndpoint,
    '--service-url',
    `http://127.0.0.1:${port}/_connector`,
    '--disable-telemetry',
  ];
}

const LOOPBACK = /^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//;

/**
 * Debian Chromium through playwright-core, hermetic: every request that is not to loopback
 * (the Office CDN fonts and scripts) is aborted, so the run never depends on the network.
 */
export async function launchChromium(
  userDataDir: string,
): Promise<{ ctx: BrowserContext; page: Page }> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM}; the e2e test needs it. ` +
        'Install it with: apt-get install -y chromium fonts-liberation',
    );
  }
  const ctx = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  await ctx.route(
    (url) => !LOOPBACK.test(url.href),
    (route) => route.abort(),
  );
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  return { ctx, page };
}
