'use strict';
/**
 * `runs` card benchmark: how long does the bot take to build the runs card for an experiment
 * with 10,000 runs on a real MLflow server?
 *
 * Setup (cached between invocations in .cache/bench-runs/): the pinned MLflow venv (the same
 * one test/support/mlflow-server.ts installs), a SQLite-backed `mlflow server` on a free
 * loopback port, and an experiment `bench-10k` with 10,000 runs created through the REST API
 * (runs/create + runs/log-batch with 3 metrics and 3 params each; every 10th run FAILED via
 * runs/update). A marker file records that population finished, so later runs reuse the DB.
 *
 * Measured, after 3 warm-ups, over --iterations (default 20): the exact path of the `runs`
 * dialog (resolve the experiment by name → one runs/search page → buildRunsCard), the same for
 * page 2 (via the page token), and with a filter. Reports median / p95 / max and the number of
 * HTTP calls one card costs. Target: median under 1 s.
 *
 * Usage: npm run bench:runs [-- --runs 10000 --iterations 20 --fresh]
 * Exits 0 when it completed (the target is reported, not enforced, unless --strict).
 * The server's whole process group is killed on every path.
 */
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist', 'src');
/** Keep in step with MLFLOW_VERSION in test/support/mlflow-server.ts (same venv, same marker). */
const MLFLOW_VERSION = '3.17.2';
const VENV = path.join(ROOT, '.cache', 'mlflow-venv');
const MARKER = path.join(VENV, `.installed-mlflow-${MLFLOW_VERSION}`);
const WORK = path.join(ROOT, '.cache', 'bench-runs');
const EXPERIMENT = 'bench-10k';
const TARGET_MS = 1000;

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : fallback;
};
const RUNS = flag('runs', 10_000);
const ITERATIONS = flag('iterations', 20);
const FRESH = args.includes('--fresh');
const STRICT = args.includes('--strict');

const { HttpMlflowService } = require(path.join(DIST, 'services/mlflow/http-mlflow-service.js'));
const { DEFAULT_MLFLOW_SETTINGS } = require(path.join(DIST, 'services/mlflow/mlflow-settings.js'));
const { resolveExperiment } = require(path.join(DIST, 'dialogs/mlflow-lookup.js'));
const { runsView } = require(path.join(DIST, 'dialogs/mlflow-views.js'));
const { buildRunsCard } = require(path.join(DIST, 'cards/runs-card.js'));

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function ensureVenv() {
  if (fs.existsSync(MARKER)) return;
  const t = performance.now();
  console.log(`installing mlflow==${MLFLOW_VERSION} into ${VENV} …`);
  fs.rmSync(VENV, { recursive: true, force: true });
  execFileSync('python3', ['-m', 'venv', VENV], { stdio: 'inherit' });
  execFileSync(
    path.join(VENV, 'bin', 'pip'),
    ['install', '--disable-pip-version-check', '--quiet', `mlflow==${MLFLOW_VERSION}`],
    { stdio: 'inherit' },
  );
  fs.writeFileSync(MARKER, new Date().toISOString());
  console.log(`installed in ${((performance.now() - t) / 1000).toFixed(0)} s`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function startServer() {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  fs.mkdirSync(WORK, { recursive: true });
  const child = spawn(
    path.join(VENV, 'bin', 'mlflow'),
    [
      'server',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--workers',
      '1',
      '--backend-store-uri',
      `sqlite:///${path.join(WORK, 'mlflow.db')}`,
      '--artifacts-destination',
      path.join(WORK, 'artifacts'),
      '--serve-artifacts',
    ],
    {
      detached: true,
      stdio: ['ignore', 'ignore', 'ignore'],
      env: { ...process.env, MLFLOW_SERVER_ENABLE_JOB_EXECUTION: 'false' },
    },
  );
  let exited = false;
  const exit = new Promise((r) => child.once('exit', () => ((exited = true), r())));
  const kill = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const stop = async () => {
    if (exited) return;
    kill('SIGTERM');
    const forced = setTimeout(() => kill('SIGKILL'), 5000);
    await exit;
    clearTimeout(forced);
  };
  const t = performance.now();
  for (const deadline = Date.now() + 120_000; Date.now() < deadline && !exited;) {
    try {
      if ((await fetch(`${url}/health`)).ok) {
        console.log(`mlflow server up in ${((performance.now() - t) / 1000).toFixed(1)} s`);
        return { url, stop };
      }
    } catch {
      // not yet
    }
    await sleep(250);
  }
  await stop();
  throw new Error('mlflow server did not start');
}

async function populate(mlflow) {
  const marker = path.join(WORK, `populated-${RUNS}`);
  if (fs.existsSync(marker)) return;
  const t = performance.now();
  const experimentId = await mlflow.createExperiment(EXPERIMENT);
  const t0 = Date.now() - RUNS * 60_000;
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < RUNS; i = next++) {
      const start = t0 + i * 60_000;
      const run = await mlflow.createRun({
        experimentId,
        runName: `run-${String(i).padStart(5, '0')}`,
        startTime: start,
        tags: [{ key: 'mlflow.user', value: `user${i % 7}@contoso.com` }],
      });
      await mlflow.logBatch(run.info.runId, {
        metrics: [
          { key: 'rmse', value: 1 / (1 + (i % 97)), step: 10, timestamp: start },
          { key: 'mae', value: 0.5 / (1 + (i % 89)), step: 10, timestamp: start },
          { key: 'accuracy', value: (i % 101) / 100, step: 10, timestamp: start },
        ],
        params: [
          { key: 'model', value: i % 2 ? 'xgb' : 'linear' },
          { key: 'lr', value: String(0.001 * (1 + (i % 10))) },
          { key: 'seed', value: String(i) },
        ],
      });
      if (i % 10 === 0) {
        await mlflow.updateRun(run.info.runId, { status: 'FAILED', endTime: start + 5000 });
      }
      if ((i + 1) % 1000 === 0) {
        const s = (performance.now() - t) / 1000;
        console.log(`  ${i + 1} runs created (${s.toFixed(0)} s)`);
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  fs.writeFileSync(marker, new Date().toISOString());
  console.log(`populated ${RUNS} runs in ${((performance.now() - t) / 1000).toFixed(0)} s`);
}

/** Counts requests so the report can show the cost of one card in HTTP calls. */
function countingFetch() {
  const counter = { calls: 0 };
  const f = (input, init) => {
    counter.calls++;
    return fetch(input, init);
  };
  return { counter, fetch: f };
}

async function buildCard(mlflow, ref, filter, pageToken, page) {
  const found = await resolveExperiment(mlflow, ref);
  if (!found.ok) throw new Error(`experiment ${ref} missing`);
  const view = await runsView(mlflow, DEFAULT_MLFLOW_SETTINGS, found.value, {
    filter,
    pageToken,
    page,
    now: Date.now(),
  });
  return { view, card: buildRunsCard(view) };
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { median: at(0.5), p95: at(0.95), max: s[s.length - 1] };
};

async function measure(label, fn) {
  for (let i = 0; i < 3; i++) await fn();
  const times = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  const s = stats(times);
  console.log(
    `${label.padEnd(34)} median ${s.median.toFixed(1).padStart(7)} ms   p95 ${s.p95.toFixed(1).padStart(7)} ms   max ${s.max.toFixed(1).padStart(7)} ms`,
  );
  return s;
}

async function main() {
  if (FRESH) fs.rmSync(WORK, { recursive: true, force: true });
  ensureVenv();
  const server = await startServer();
  try {
    const { counter, fetch: f } = countingFetch();
    const mlflow = new HttpMlflowService({ baseUrl: server.url, fetch: f, timeoutMs: 60_000 });
    await populate(mlflow);
    const first = await buildCard(mlflow, EXPERIMENT, undefined, undefined, 1);
    counter.calls = 0;
    await buildCard(mlflow, EXPERIMENT, undefined, undefined, 1);
    const callsPerCard = counter.calls;
    const bytes = Buffer.byteLength(JSON.stringify(first.card));
    console.log(
      `\nexperiment ${EXPERIMENT}: ${RUNS} runs · card ${first.view.rows.length} rows, ${bytes} bytes, ${callsPerCard} HTTP calls (get-by-name + one runs/search)\n`,
    );
    const p1 = await measure('runs card, page 1', () =>
      buildCard(mlflow, EXPERIMENT, undefined, undefined, 1),
    );
    await measure('runs card, page 2 (page token)', () =>
      buildCard(mlflow, EXPERIMENT, undefined, first.view.nextPageToken, 2),
    );
    await measure("runs card, filter model='xgb'", () =>
      buildCard(mlflow, EXPERIMENT, "params.model = 'xgb' and metrics.rmse < 0.5", undefined, 1),
    );
    const ok = p1.median < TARGET_MS;
    console.log(`\ntarget: median < ${TARGET_MS} ms → ${ok ? 'met' : 'MISSED'}`);
    if (STRICT && !ok) process.exitCode = 1;
  } finally {
    await server.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
