'use strict';
/**
 * Turn benchmark: how much does our bot cost per chat turn compared with a bare botbuilder
 * echo bot on the same stack (restify 11 + CloudAdapter, auth off)?
 *
 * One load generator drives both bots in interleaved rounds, so machine noise hits both:
 *   - ours: dist/src/index.js answering `help` (the help card) with a temp DATA_DIR, started with
 *     the node flags of `npm start` (package.json), as production starts it;
 *   - echo: bench/echo-bot.js echoing the text.
 * Each bot replies to a loopback capture connector (the activity's serviceUrl). A turn's
 * latency runs from the POST to /api/messages until the reply reaches the connector,
 * matched by the activity id in `/v3/conversations/{conv}/activities/{replyToId}`.
 * Also measured: our idle RSS after start and spawn → first 200 from /readyz (median).
 *
 * The machine is shared, so wall-clock figures are noisy. Two columns help read them: each
 * bot's own CPU time per turn (from /proc/<pid>/stat; nearly immune to other load), and the
 * ours/echo ratio within each round (both bots ran back to back), median over rounds.
 *
 * Usage: npm run bench:turn [-- --requests 2000 --concurrency 8 --rounds 3 --warmup 1000
 *        --starts 5 --cpu-prof DIR --ours ENTRY.js --strict --store postgres]
 * --store postgres compares our bot on PostgreSQL (a throw-away local cluster, as the tests start
 * one) with the same bot on SQLite, in the same interleaved rounds; every turn then comes from a
 * new conversation, so each one writes its conversation record (the per-turn store work).
 * (--ours runs another build of our bot, e.g. a copy of an older dist, for before/after runs.)
 * Exits 0 when the run completed (targets are reported, not enforced, unless --strict);
 * 1 when the harness failed (a bot did not start, turns failed). Every child is killed on
 * every path, and every loop is bounded in count and time.
 */
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const ROOT = path.resolve(__dirname, '..');
let ourEntry = path.join(ROOT, 'dist', 'src', 'index.js');
const ECHO_ENTRY = path.join(__dirname, 'echo-bot.js');
const HOST = '127.0.0.1';

// Issue 9's targets: within 10% of the echo bot's throughput, 20% of its p99 and idle RSS.
const TARGETS = { throughputRatio: 0.9, p99Ratio: 1.2, idleRssRatio: 1.2, readyMs: 1500 };
// The production-store issue's target for PostgreSQL against SQLite.
const STORE_TARGETS = {
  throughputRatio: 0.7,
  p99Ratio: Infinity,
  idleRssRatio: Infinity,
  readyMs: 1500,
};
/** --store postgres: the two bots are ours on PostgreSQL ('ours') and ours on SQLite ('echo'). */
let storeUrl;
const names = () =>
  storeUrl ? { ours: 'postgres', echo: 'sqlite' } : { ours: 'ours', echo: 'echo' };
const targets = () => (storeUrl ? STORE_TARGETS : TARGETS);
const TURN_TIMEOUT_MS = 10_000;
const RUN_DEADLINE_MS = 120_000;
const READY_TIMEOUT_MS = 15_000;

function parseArgs(argv) {
  const opts = {
    requests: 2000,
    concurrency: 8,
    rounds: 3,
    warmup: 1000,
    starts: 5,
    cpuProf: undefined,
    strict: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--strict') opts.strict = true;
    else if (arg === '--store') {
      opts.store = argv[++i];
      if (opts.store !== 'postgres') throw new Error('--store takes postgres');
    } else if (arg === '--cpu-prof') opts.cpuProf = path.resolve(argv[++i] ?? 'artifacts/cpu-prof');
    else if (arg === '--ours') ourEntry = path.resolve(argv[++i] ?? ourEntry);
    else if (arg.startsWith('--') && arg.slice(2) in opts) {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 0) throw new Error(`${arg} needs a non-negative integer`);
      opts[arg.slice(2)] = n;
    } else throw new Error(`unknown argument ${arg}`);
  }
  if (opts.requests < 1 || opts.concurrency < 1 || opts.rounds < 1 || opts.starts < 1) {
    throw new Error('--requests, --concurrency, --rounds and --starts must be at least 1');
  }
  return opts;
}

// ---------------------------------------------------------------- child processes

const children = new Set();
let tmpRoot; // removed on every exit path, after the children are killed

function killAll(signal) {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        child.kill(signal);
      } catch {
        // already gone
      }
    }
  }
}
let postgres; // --store postgres: the cluster, stopped on every exit path
process.on('exit', () => {
  killAll('SIGKILL');
  postgres?.stop();
  if (tmpRoot) fs.rmSync(tmpRoot, { recursive: true, force: true });
});
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(sig, () => {
    killAll('SIGKILL');
    process.exit(130);
  });
}

async function freePort() {
  const server = net.createServer();
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, resolve);
  });
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * The node flags `npm start` gives our bot (`node --flag … dist/src/index.js` in package.json),
 * so the bench measures the bot as it runs in production. The echo bot gets none.
 */
function startFlags() {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const words = (pkg.scripts?.start ?? '').trim().split(/\s+/);
  // Everything between `node` and the entry: flags with their values (`--require ./x` too).
  return words[0] === 'node' && words.length > 2 ? words.slice(1, -1) : [];
}
const OUR_FLAGS = startFlags();

/** Starts a bot with a minimal environment (nothing from the caller's shell or a .env leaks in). */
async function spawnBot(kind, dataDir, nodeArgs = []) {
  const port = await freePort();
  fs.mkdirSync(dataDir, { recursive: true });
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: dataDir,
    PORT: String(port),
    HOST,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    ...(storeUrl && kind === 'ours' ? { DATABASE_URL: storeUrl } : {}),
  };
  const isOurs = kind === 'ours' || storeUrl;
  const entry = isOurs ? ourEntry : ECHO_ENTRY;
  const started = performance.now();
  const child = spawn(process.execPath, [...(isOurs ? OUR_FLAGS : []), ...nodeArgs, entry], {
    cwd: dataDir, // loadDotEnv reads ./.env: keep the developer's .env out of the bench
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let tail = '';
  const keep = (chunk) => {
    tail = (tail + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const bot = { kind, child, port, url: `http://${HOST}:${port}`, started, output: () => tail };
  bot.readyMs = (await waitReady(bot)) - started;
  return bot;
}

function httpGetStatus(url) {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, timeout: 1000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

async function waitReady(bot) {
  const deadline = performance.now() + READY_TIMEOUT_MS;
  while (performance.now() < deadline) {
    if (bot.child.exitCode !== null || bot.child.signalCode !== null) {
      throw new Error(`${bot.kind} bot exited before ready:\n${bot.output()}`);
    }
    if ((await httpGetStatus(`${bot.url}/readyz`)) === 200) return performance.now();
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`${bot.kind} bot not ready after ${READY_TIMEOUT_MS} ms:\n${bot.output()}`);
}

/** SIGTERM, then SIGKILL after 5 s; resolves once the process is gone. */
async function stopBot(bot) {
  const { child } = bot;
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
  children.delete(child);
}

function rssMb(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status);
    return kb ? Number(kb[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

let clockTicks;
/** CPU time (user + system) the process has used so far, in ms; undefined off Linux. */
function cpuMs(pid) {
  try {
    clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------- capture connector

/** The loopback Bot Connector: answers `{"id":"x"}` and stamps when each reply arrived. */
async function startConnector() {
  const waiting = new Map(); // replyToId → (arrivedAt, body) => void
  let stray = 0;
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const arrived = performance.now();
      const m = /^\/v3\/conversations\/[^/]+\/activities\/([^/?]+)/.exec(req.url ?? '');
      const replyToId = m ? decodeURIComponent(m[1]) : undefined;
      const waiter = replyToId === undefined ? undefined : waiting.get(replyToId);
      if (waiter) {
        waiting.delete(replyToId);
        waiter(arrived, Buffer.concat(chunks));
      } else stray++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id":"x"}');
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, resolve);
  });
  return {
    serviceUrl: `http://${HOST}:${server.address().port}/`,
    stray: () => stray,
    /** Resolves with {arrived, body} when the reply to `activityId` arrives; rejects on timeout. */
    expect(activityId) {
      let timer;
      const done = new Promise((resolve, reject) => {
        waiting.set(activityId, (arrived, body) => {
          clearTimeout(timer);
          resolve({ arrived, body });
        });
        timer = setTimeout(() => {
          waiting.delete(activityId);
          reject(new Error(`no reply to ${activityId} within ${TURN_TIMEOUT_MS} ms`));
        }, TURN_TIMEOUT_MS);
      });
      return done;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// ---------------------------------------------------------------- load generator

let activitySeq = 0;

/** A Teams personal-chat message, shaped like test/support/teams-activities.ts builds them. */
function helpActivity(serviceUrl, worker) {
  const id = `${1_700_000_000_000 + ++activitySeq}`;
  const tenantId = '11111111-1111-1111-1111-111111111111';
  const now = new Date().toISOString();
  return {
    id,
    body: JSON.stringify({
      type: 'message',
      id,
      timestamp: now,
      localTimestamp: now,
      serviceUrl,
      channelId: 'msteams',
      from: {
        id: `29:bench-user-${worker}`,
        name: `Bench User ${worker}`,
        aadObjectId: `22222222-2222-2222-2222-${String(worker).padStart(12, '0')}`,
      },
      conversation: {
        conversationType: 'personal',
        id: storeUrl ? `a:bench-personal-${worker}-${id}` : `a:bench-personal-${worker}`,
        tenantId,
      },
      recipient: { id: '28:llmops-bot-app-id', name: 'LLMOps Bot' },
      locale: 'en-US',
      text: 'help',
      textFormat: 'plain',
      entities: [{ type: 'clientInfo', locale: 'en-US', country: 'US', platform: 'Web' }],
      channelData: { tenant: { id: tenantId } },
    }),
  };
}

function post(agent, url, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        timeout: TURN_TIMEOUT_MS,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('timeout', () => req.destroy(new Error('POST timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

/** What a correct reply contains: the help card from ours, the echoed text from echo. */
const REPLY_MARK = {
  ours: Buffer.from('application/vnd.microsoft.card.adaptive'),
  echo: Buffer.from('Echo: help'),
};

/** `count` turns at `concurrency`, bounded by RUN_DEADLINE_MS. Latencies in ms. */
async function runLoad(bot, connector, count, concurrency) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies = [];
  const errors = [];
  let issued = 0;
  const started = performance.now();
  const deadline = started + RUN_DEADLINE_MS;
  const url = `${bot.url}/api/messages`;
  const cpuBefore = cpuMs(bot.child.pid);
  const worker = async (w) => {
    while (issued < count && performance.now() < deadline) {
      issued++;
      const { id, body } = helpActivity(connector.serviceUrl, w);
      const reply = connector.expect(id);
      reply.catch(() => undefined); // observed below; avoid an unhandled rejection meanwhile
      const t0 = performance.now();
      try {
        const status = await post(agent, url, body);
        if (status < 200 || status > 299) throw new Error(`POST answered ${status}`);
        const { arrived, body: replyBody } = await reply;
        if (!replyBody.includes(REPLY_MARK[storeUrl ? 'ours' : bot.kind]))
          throw new Error('unexpected reply body');
        latencies.push(arrived - t0);
      } catch (err) {
        errors.push(err instanceof Error ? err.message : String(err));
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  const elapsedMs = performance.now() - started;
  const cpuUsedMs = cpuBefore === undefined ? undefined : cpuMs(bot.child.pid) - cpuBefore;
  agent.destroy();
  return { latencies, errors, elapsedMs, cpuUsedMs, timedOut: issued < count };
}

function percentile(sorted, q) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function summarize(runs) {
  const all = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const elapsed = runs.reduce((s, r) => s + r.elapsedMs, 0);
  const cpu = runs.reduce((s, r) => s + (r.cpuUsedMs ?? NaN), 0);
  return {
    cpuPerTurn: cpu / all.length,
    turns: all.length,
    errors: runs.reduce((s, r) => s + r.errors.length, 0),
    firstError: runs.flatMap((r) => r.errors)[0],
    throughput: (all.length / elapsed) * 1000,
    p50: percentile(all, 0.5),
    p99: percentile(all, 0.99),
  };
}

// ---------------------------------------------------------------- report

const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const verdict = (ok) => (ok === undefined ? '' : ok ? 'PASS' : 'MISS');

function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  return rows
    .map((r, i) => {
      const line = r.map((cell, c) => String(cell).padEnd(widths[c])).join('  ');
      return i === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
    })
    .join('\n');
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
}

// ---------------------------------------------------------------- main

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(ourEntry)) throw new Error(`${ourEntry} is missing: run npm run build`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-turn-'));
  tmpRoot = tmp;
  const bots = [];
  let connector;
  try {
    if (opts.store === 'postgres') {
      // The same throw-away cluster the tests start (Debian's postgresql, loopback, temp dir).
      const { startPostgres } = require('../test/support/postgres-server.js');
      postgres = await startPostgres();
      postgres.psql('CREATE DATABASE bench');
      storeUrl = postgres.url('bench');
    }
    console.log(
      `bench:turn  node ${process.version}, ${os.cpus().length} cpu(s); ${opts.requests} turns ` +
        `x ${opts.rounds} rounds per bot at concurrency ${opts.concurrency}, warm-up ${opts.warmup}; ` +
        `our node flags (npm start): ${OUR_FLAGS.join(' ') || 'none'}`,
    );

    // Start-to-ready: spawn → first 200 from /readyz, fresh DATA_DIR each time.
    const ready = { ours: [], echo: [] };
    for (let i = 0; i < opts.starts; i++) {
      for (const kind of ['ours', 'echo']) {
        const bot = await spawnBot(kind, path.join(tmp, `start-${kind}-${i}`));
        ready[kind].push(bot.readyMs);
        await stopBot(bot);
      }
    }

    connector = await startConnector();
    const profArgs = opts.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProf}`] : [];
    const ours = await spawnBot('ours', path.join(tmp, 'load-ours'), profArgs);
    bots.push(ours);
    const echo = await spawnBot('echo', path.join(tmp, 'load-echo'));
    bots.push(echo);
    await new Promise((r) => setTimeout(r, 1000)); // let start-up settle before "idle"
    const idleRss = { ours: rssMb(ours.child.pid), echo: rssMb(echo.child.pid) };

    // Warm-up in two alternating halves, so both bots' JIT and heaps settle before round 1.
    const half = Math.ceil(opts.warmup / 2);
    for (const bot of opts.warmup > 0 ? [ours, echo, ours, echo] : []) {
      const warm = await runLoad(bot, connector, half, opts.concurrency);
      if (warm.errors.length > 0) {
        throw new Error(`${bot.kind} warm-up failed: ${warm.errors[0]}\n${bot.output()}`);
      }
    }

    const runs = { ours: [], echo: [] };
    const perRound = [];
    for (let round = 1; round <= opts.rounds; round++) {
      const order = round % 2 === 1 ? [ours, echo] : [echo, ours];
      for (const bot of order) {
        const run = await runLoad(bot, connector, opts.requests, opts.concurrency);
        runs[bot.kind].push(run);
        const s = summarize([run]);
        perRound.push([
          `${round}`,
          names()[bot.kind],
          fmt(s.throughput, 0),
          fmt(s.p50, 2),
          fmt(s.p99, 2),
          fmt(s.cpuPerTurn, 2),
          `${s.errors}${run.timedOut ? ' (deadline)' : ''}`,
        ]);
      }
    }
    const loadedRss = { ours: rssMb(ours.child.pid), echo: rssMb(echo.child.pid) };

    const o = summarize(runs.ours);
    const e = summarize(runs.echo);
    const tpRatio = o.throughput / e.throughput;
    const p50Ratio = o.p50 / e.p50;
    const p99Ratio = o.p99 / e.p99;
    const rssRatio = (idleRss.ours ?? Number.NaN) / (idleRss.echo ?? Number.NaN);
    // Noise check: the ratio within each round (both bots ran back to back), median over rounds.
    const paired = (metric) =>
      `${fmt(
        median(runs.ours.map((r, i) => summarize([r])[metric] / summarize([runs.echo[i]])[metric])),
        2,
      )}x`;
    const readyOurs = median(ready.ours);
    const readyEcho = median(ready.echo);

    console.log('\nPer round');
    console.log(
      table([
        ['round', 'bot', 'turns/s', 'p50 ms', 'p99 ms', 'cpu ms/turn', 'errors'],
        ...perRound,
      ]),
    );
    console.log('\nSummary (all rounds pooled)');
    console.log(
      table([
        [
          'metric',
          names().ours,
          names().echo,
          `${names().ours}/${names().echo}`,
          'per-round median',
          'target',
          'result',
        ],
        [
          'throughput (turns/s)',
          fmt(o.throughput, 0),
          fmt(e.throughput, 0),
          `${fmt(tpRatio, 2)}x`,
          paired('throughput'),
          `>= ${targets().throughputRatio}x ${names().echo}`,
          verdict(tpRatio >= targets().throughputRatio),
        ],
        [
          'p50 latency (ms)',
          fmt(o.p50, 2),
          fmt(e.p50, 2),
          `${fmt(p50Ratio, 2)}x`,
          paired('p50'),
          '',
          '',
        ],
        [
          'p99 latency (ms)',
          fmt(o.p99, 2),
          fmt(e.p99, 2),
          `${fmt(p99Ratio, 2)}x`,
          paired('p99'),
          storeUrl ? '(info)' : `<= ${targets().p99Ratio}x echo`,
          verdict(p99Ratio <= targets().p99Ratio),
        ],
        [
          'bot CPU per turn (ms)',
          fmt(o.cpuPerTurn, 2),
          fmt(e.cpuPerTurn, 2),
          `${fmt(o.cpuPerTurn / e.cpuPerTurn, 2)}x`,
          paired('cpuPerTurn'),
          '(info)',
          '',
        ],
        [
          'idle RSS (MB)',
          fmt(idleRss.ours),
          fmt(idleRss.echo),
          `${fmt(rssRatio, 2)}x`,
          '',
          storeUrl ? '(info)' : `<= ${targets().idleRssRatio}x echo`,
          verdict(Number.isNaN(rssRatio) ? undefined : rssRatio <= targets().idleRssRatio),
        ],
        ['RSS after load (MB)', fmt(loadedRss.ours), fmt(loadedRss.echo), '', '', '', ''],
        [
          `start->ready (ms, median of ${opts.starts})`,
          fmt(readyOurs, 0),
          fmt(readyEcho, 0),
          `${fmt(readyOurs / readyEcho, 2)}x`,
          '',
          `<= ${targets().readyMs} ms`,
          verdict(readyOurs <= targets().readyMs),
        ],
        [
          'turns measured / errors',
          `${o.turns} / ${o.errors}`,
          `${e.turns} / ${e.errors}`,
          '',
          '',
          '',
          '',
        ],
      ]),
    );
    console.log(
      `\nstart->ready samples (ms): ${names().ours} ${ready.ours.map((v) => fmt(v, 0)).join(', ')}; ` +
        `${names().echo} ${ready.echo.map((v) => fmt(v, 0)).join(', ')}`,
    );
    if (connector.stray() > 0) console.log(`connector: ${connector.stray()} unmatched request(s)`);

    const failed = o.errors + e.errors > 0;
    if (failed) console.error(`\nturn errors, first: ${o.firstError ?? e.firstError}`);
    const missed =
      tpRatio < targets().throughputRatio ||
      p99Ratio > targets().p99Ratio ||
      !(rssRatio <= targets().idleRssRatio) ||
      readyOurs > targets().readyMs;
    if (opts.cpuProf) console.log(`\nCPU profile of our bot: ${opts.cpuProf}`);
    return failed || (opts.strict && missed) ? 1 : 0;
  } finally {
    for (const bot of bots) await stopBot(bot);
    killAll('SIGKILL');
    if (connector) await connector.close();
    postgres?.stop();
    postgres = undefined;
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`bench:turn failed: ${err instanceof Error ? err.message : String(err)}`);
    killAll('SIGKILL');
    process.exit(1);
  },
);
