'use strict';
/**
 * Fan-out benchmark: one drift alert to N subscribed channels (default 1,000) through the real
 * outbox dispatcher and ProactiveMessenger (dist/), against a loopback Bot Connector that
 * enforces Teams' limits (per thread 7/1 s, 8/2 s, 60/30 s, 1800/h; 50 requests/s per tenant)
 * and answers 429 + Retry-After when a limit is broken.
 *
 * Lower bound: every channel is its own thread, so only the tenant window binds. With at most
 * M sends in any window of W ms, send k (0-based) cannot start before floor(k / M) * W, so the
 * last of N sends starts at floor((N - 1) / M) * W at the earliest. Two bounds are reported:
 *   - Teams: M = 50, W = 1000 ms (the documented limit)           → 19.0 s for N = 1,000;
 *   - budget: the dispatcher's own pacing (48 per 1000 ms; a send counts in a window from its
 *     start until its answer is back, so jitter cannot break the limit) → 20.0 s for N = 1,000. The gap between the two is the safety kept on purpose.
 * Deliveries, duplicates (channels that got more than one alert: must be 0), 429s and limit
 * violations are reported.
 *
 * With --replicas N, N bot processes on one PostgreSQL database send the outbox together (see
 * fanout-replicas.js): the tenant budget is shared, so the bounds above stay the same.
 *
 * Usage: npm run bench:fanout [-- --channels 1000 --budget 48 --random429 0 --replicas 1]
 * Exits 0 when every channel got exactly one alert and no limit was broken, 1 otherwise.
 */
const http = require('node:http');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const dist = (p) => require(path.join(__dirname, '..', 'dist', 'src', p));
const { openSqliteStore } = dist('platform/store/sqlite-store');
const { openPostgresStore } = dist('platform/store/postgres-store');
const { ConversationRepository } = dist('platform/store/conversation-repository');
const { OutboxRepository } = dist('platform/outbox/outbox-repository');
const { OutboxDispatcher } = dist('platform/outbox/outbox-dispatcher');
const { TEAMS_SEND_LIMITS } = dist('platform/outbox/rate-limiter');
const { createAdapter } = dist('bot/adapter');
const { ProactiveMessenger } = dist('bot/conversations');
const { driftAlertMessages } = dist('cards/drift-alert-messages');
const { loadConfig } = dist('config');
const { startDatabase, runReplicas } = require('./fanout-replicas');
const { createLogger } = dist('platform/logging/logger');

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? Number(process.argv[i + 1]) : fallback;
}
const N = arg('channels', 1000);
// The default is the dispatcher's own budget (48/s): the bench measures the product as shipped.
const BUDGET = arg('budget', 48);
const RANDOM_429 = arg('random429', 0);
// Bot processes sharing one PostgreSQL database (bench/fanout-replicas.js); 1: one process on SQLite.
const REPLICAS = arg('replicas', 1);
/** With replicas, messages become due this long after they are written: time for all to start. */
const REPLICA_START_MS = 5000;
const TEAMS = { windowMs: 1000, max: 50 };
const THREAD = [
  { windowMs: 1000, max: 7 },
  { windowMs: 2000, max: 8 },
  { windowMs: 30000, max: 60 },
  { windowMs: 3600000, max: 1800 },
];

/** The loopback connector: records successful posts, throttles like Teams. */
function startConnector() {
  const perThread = new Map();
  const tenant = [];
  const posts = new Map();
  const stats = { violations: 0, injected429: 0, first: undefined, last: undefined };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const body = raw ? JSON.parse(raw) : {};
      const now = Date.now();
      const reply = (status, payload, headers = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(payload));
      };
      if (RANDOM_429 > 0 && Math.random() < RANDOM_429) {
        stats.injected429++;
        return reply(429, { error: { code: 'TooManyRequests' } }, { 'retry-after': '0' });
      }
      const channel =
        (body.channelData && body.channelData.channel && body.channelData.channel.id) || req.url;
      const log = perThread.get(channel) || [];
      const over =
        THREAD.some((l) => log.filter((t) => t > now - l.windowMs).length >= l.max) ||
        tenant.filter((t) => t > now - TEAMS.windowMs).length >= TEAMS.max;
      if (over) {
        stats.violations++;
        return reply(429, { error: { code: 'TooManyRequests' } }, { 'retry-after': '1' });
      }
      log.push(now);
      perThread.set(channel, log);
      tenant.push(now);
      while (tenant.length > 0 && tenant[0] <= now - TEAMS.windowMs) tenant.shift();
      stats.first = stats.first ?? now;
      stats.last = now;
      posts.set(channel, (posts.get(channel) || 0) + 1);
      reply(201, { id: `${channel};messageid=${now}`, activityId: String(now) });
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, posts, stats, url: `http://127.0.0.1:${server.address().port}/` }),
    ),
  );
}

const HOUR = 3600000;
const summary = (at) => ({
  target: 'gpt-bench',
  source: 'bot inference log',
  at,
  current: { from: at - HOUR, to: at, n: 240, truncated: false },
  reference: { from: at - 2 * HOUR, to: at - HOUR, n: 240, truncated: false },
  report: {
    columns: [
      {
        name: 'latency_ms',
        type: 'numerical',
        test: 'ks',
        score: 1e-9,
        threshold: 0.05,
        drifted: true,
        n_reference: 240,
        n_current: 240,
      },
      {
        name: 'completion_tokens',
        type: 'numerical',
        test: 'ks',
        score: 0.001,
        threshold: 0.05,
        drifted: true,
        n_reference: 240,
        n_current: 240,
      },
    ],
    drifted_columns: 2,
    tested_columns: 2,
    share: 1,
    dataset_drift: true,
  },
  chart: undefined,
});

async function main() {
  const connector = await startConnector();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-fanout-'));
  const log = createLogger('silent');
  const store = openSqliteStore(dir);
  const replicated = REPLICAS > 1 ? await startDatabase() : undefined;
  const outboxStore = replicated ? await openPostgresStore({ url: replicated.url }) : store;
  try {
    // Replicas read the conversations from the shared database, as the bot does.
    const conversations = new ConversationRepository(outboxStore);
    // The tenant budget is overridable to explore; the per-thread limits are Teams' own.
    const limits = process.argv.includes('--budget')
      ? { ...TEAMS_SEND_LIMITS, tenant: [{ windowMs: 1000, max: BUDGET }] }
      : TEAMS_SEND_LIMITS;
    const repo = new OutboxRepository(outboxStore, Date.now, limits);
    const now = Date.now();
    // The renderer the bot is wired with, so the bench sends the payload the product sends.
    const alert = driftAlertMessages.alert({
      incidentId: 'bench',
      status: 'open',
      summary: summary(now),
      openedAt: now,
      checks: 1,
      retrainAvailable: true,
      now,
    });
    {
      for (let i = 0; i < N; i++) {
        const id = `19:bench${i}@thread.tacv2`;
        await conversations.capture({
          conversationId: id,
          serviceUrl: connector.url,
          channelId: 'msteams',
          tenantId: 't1',
          teamId: '19:team@thread.tacv2',
          teamsChannelId: id,
          conversationType: 'channel',
          botId: '28:bot',
          botName: 'LLMOps Bot',
          locale: 'en-US',
        });
      }
    }
    const dueAt = Date.now() + (replicated ? REPLICA_START_MS : 0);
    for (let i = 0; i < N; i++)
      await repo.enqueue(
        {
          key: `drift:bench-${i}:alert`,
          conversationId: `19:bench${i}@thread.tacv2`,
          kind: 'post',
          payload: alert,
        },
        dueAt,
      );
    let wall;
    const perReplica = [];
    if (replicated) {
      const reports = await runReplicas({
        url: replicated.url,
        dir,
        replicas: REPLICAS,
        budget: BUDGET,
      });
      wall = (Math.max(...reports.map((r) => r.drainedAt)) - dueAt) / 1000;
      for (const r of reports) perReplica.push([`sends by ${r.replica}`, r.sent]);
    } else {
      const adapter = createAdapter(loadConfig({ LOG_LEVEL: 'silent' }), log);
      const messenger = new ProactiveMessenger(adapter, '', conversations, log);
      const dispatcher = new OutboxDispatcher(repo, messenger, log, { maxBackoffMs: 2000 });
      const t0 = Date.now();
      await dispatcher.start();
      await dispatcher.drain(600000);
      wall = (Date.now() - t0) / 1000;
      await dispatcher.stop();
    }

    const teamsBound = (Math.floor((N - 1) / TEAMS.max) * TEAMS.windowMs) / 1000;
    const budgetBound = (Math.floor((N - 1) / BUDGET) * 1000) / 1000;
    const delivered = [...connector.posts.values()].reduce((a, b) => a + b, 0);
    const duplicates = [...connector.posts.values()].filter((n) => n > 1).length;
    const missing = N - connector.posts.size;
    const counts = await repo.counts();
    const rows = [
      ['channels', N],
      ['bot processes', REPLICAS > 1 ? `${REPLICAS} on one PostgreSQL database` : '1 on SQLite'],
      ['wall time (enqueue done → drained)', `${wall.toFixed(2)} s`],
      [
        'lower bound, Teams 50 req/s',
        `${teamsBound.toFixed(2)} s  → ratio ${(wall / teamsBound).toFixed(3)}× (target ≤ 1.2×)`,
      ],
      [
        `lower bound, dispatcher budget ${BUDGET}/s`,
        `${budgetBound.toFixed(2)} s  → ratio ${(wall / budgetBound).toFixed(3)}×`,
      ],
      ['deliveries (connector 2xx posts)', delivered],
      ['channels with duplicates', duplicates],
      ['channels missing', missing],
      ['429 for broken limits (violations)', connector.stats.violations],
      ['injected 429', connector.stats.injected429],
      ...perReplica,
      ['outbox', JSON.stringify(counts)],
      ['node', process.version],
      ['cpus', `${os.cpus().length} × ${os.cpus()[0] ? os.cpus()[0].model : '?'}`],
    ];
    for (const [k, v] of rows) process.stdout.write(`${String(k).padEnd(52)} ${v}\n`);
    const ok = duplicates === 0 && missing === 0 && connector.stats.violations === 0;
    process.exitCode = ok ? 0 : 1;
  } finally {
    if (replicated) {
      // The cluster is stopped even when closing the pool fails (a run that crashed mid-way).
      await outboxStore.close().catch(() => undefined);
      replicated.stop();
    }
    await store.close();
    connector.server.close();
    connector.server.closeAllConnections();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`${err && err.stack ? err.stack : String(err)}\n`);
  process.exit(1);
});
