#!/usr/bin/env node
// `npm run playground`: the Microsoft 365 Agents Playground (a Teams-like web client) against a bot
// that is already running (`npm start`). Loopback only: the Playground binds 127.0.0.1 through
// test/e2e/force-loopback.cjs, and the Teams context (team "Ops Team", channels General + alerts,
// five users) comes from test/e2e/.m365agentsplayground.yml.
//   BOT_ENDPOINT   bot URL (default http://127.0.0.1:${PORT:-3978}/api/messages)
//   PLAYGROUND_PORT  UI port (default 56150)
/* global AbortSignal */
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const cli = path.join(root, 'node_modules/@microsoft/m365agentsplayground/cli.js');
const preload = path.join(root, 'test/e2e/force-loopback.cjs');
const config = path.join(root, 'test/e2e/.m365agentsplayground.yml');
const port = Number(process.env.PLAYGROUND_PORT || 56150);
const endpoint =
  process.env.BOT_ENDPOINT || `http://127.0.0.1:${process.env.PORT || 3978}/api/messages`;
const logFile = path.join(root, 'artifacts', 'playground.log');

if (!fs.existsSync(cli)) {
  console.error('The Agents Playground is not installed: run `npm ci` first.');
  process.exit(1);
}
fs.mkdirSync(path.dirname(logFile), { recursive: true });

async function checkBot() {
  const health = new URL('/healthz', endpoint).href;
  try {
    const res = await fetch(health, { signal: AbortSignal.timeout(2000) });
    if (res.ok) return;
  } catch {
    // reported below
  }
  console.warn(
    `warning: no bot answers ${health}. Start it first (\`npm start\`, no MicrosoftAppId): ` +
      'the Playground only shows "Connecting to your application" until it does.',
  );
}

async function main() {
  await checkBot();
  const child = spawn(
    process.execPath,
    [
      cli,
      '-c',
      'msteams',
      '-p',
      String(port),
      '-e',
      endpoint,
      '--service-url',
      `http://127.0.0.1:${port}/_connector`,
      '--disable-telemetry',
    ],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: {
        ...process.env,
        TEAMSAPPTESTER_BROWSER: 'none',
        M365_AGENTS_PLAYGROUND_LOGFILE: logFile,
        M365_AGENTS_PLAYGROUND_CONFIG_PATH: config,
        NODE_OPTIONS: `${process.env.NODE_OPTIONS || ''} --require ${preload}`.trim(),
      },
    },
  );
  child.stdout.on('data', (chunk) => {
    const text = chunk.toString();
    process.stdout.write(text);
    const m = /Listening on (\d+)/.exec(text);
    if (m) {
      console.log(`\nAgents Playground for ${endpoint}`);
      console.log(
        `Open http://127.0.0.1:${m[1]}/ in a browser (log: ${logFile}). Ctrl+C stops it.`,
      );
    }
  });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
