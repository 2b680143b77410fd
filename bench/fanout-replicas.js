'use strict';
/**
 * `bench/fanout.js --replicas N`: N bot processes share one PostgreSQL database (a throwaway
 * cluster started the way the tests start theirs, test/support/postgres-server.js) and send the
 * outbox together. Each child runs the real dispatcher and ProactiveMessenger from dist/ and
 * reports when it drained and how many sends it made. The conversation records the messenger
 * reads are still SQLite's (their repository has not moved), so every child opens that file too.
 *
 * Run directly with `--child URL DATA_DIR BUDGET` it is one of those processes.
 */
const { spawn } = require('node:child_process');
const path = require('node:path');

const root = path.join(__dirname, '..');
const dist = (p) => require(path.join(root, 'dist', 'src', p));

/** A fresh PostgreSQL cluster with a `bench` database; `stop()` deletes it. */
async function startDatabase() {
  const { startPostgres } = require('../test/support/postgres-server.js');
  const server = await startPostgres();
  server.psql('CREATE DATABASE bench');
  return { url: server.url('bench'), stop: () => server.stop() };
}

/** Starts `replicas` children; resolves with each one's report once all have drained. */
function runReplicas({ url, dir, replicas, budget }) {
  const one = (i) =>
    new Promise((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [path.join(__dirname, 'fanout-replicas.js'), '--child', url, dir, String(budget)],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
          env: { ...process.env, BENCH_REPLICA: `replica-${i}` },
        },
      );
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.once('exit', (code) =>
        code === 0
          ? resolve(JSON.parse(out.trim().split('\n').pop()))
          : reject(new Error(`replica ${i} exited with ${code}`)),
      );
    });
  return Promise.all(Array.from({ length: replicas }, (_, i) => one(i)));
}

async function child([url, , budget]) {
  const { openPostgresStore } = dist('platform/store/postgres-store');
  const { ConversationRepository } = dist('platform/store/conversation-repository');
  const { OutboxRepository } = dist('platform/outbox/outbox-repository');
  const { OutboxDispatcher } = dist('platform/outbox/outbox-dispatcher');
  const { TEAMS_SEND_LIMITS } = dist('platform/outbox/rate-limiter');
  const { createAdapter } = dist('bot/adapter');
  const { ProactiveMessenger } = dist('bot/conversations');
  const { loadConfig } = dist('config');
  const { createLogger } = dist('platform/logging/logger');
  const log = createLogger('silent');
  const store = await openPostgresStore({ url, poolMax: 4 });
  const limits = { ...TEAMS_SEND_LIMITS, tenant: [{ windowMs: 1000, max: Number(budget) }] };
  const messenger = new ProactiveMessenger(
    createAdapter(loadConfig({ LOG_LEVEL: 'silent' }), log),
    '',
    new ConversationRepository(store),
    log,
  );
  let sent = 0;
  const counting = {
    send: (c, r) => (sent++, messenger.send(c, r)),
    update: (c, a, r) => (sent++, messenger.update(c, a, r)),
    postToChannel: (c, r) => (sent++, messenger.postToChannel(c, r)),
  };
  const replicaId = process.env.BENCH_REPLICA;
  const dispatcher = new OutboxDispatcher(
    new OutboxRepository(store, Date.now, limits),
    counting,
    log,
    { replicaId, maxBackoffMs: 2000 },
  );
  await dispatcher.start();
  await dispatcher.drain(600000);
  const drainedAt = Date.now();
  await dispatcher.stop();
  await store.close();
  process.stdout.write(`${JSON.stringify({ replica: replicaId, sent, drainedAt })}\n`);
}

if (require.main === module && process.argv[2] === '--child') {
  child(process.argv.slice(3)).catch((err) => {
    process.stderr.write(`${err && err.stack ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}

module.exports = { startDatabase, runReplicas };
