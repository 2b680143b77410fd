// A separate bot process for the crash tests: opens the store in DATA_DIR (argv[2]), or the
// PostgreSQL database when argv[2] is a postgres:// URL (then several run as replicas), starts the
// real outbox dispatcher with the real ProactiveMessenger against the connector URL the
// conversations point at, and exits once the outbox is drained. The test SIGKILLs it mid-way.
// Requires the built dist/ (the test command runs `npm run build` first).
'use strict';
const path = require('node:path');

const dist = (p) => require(path.join(__dirname, '..', '..', 'dist', 'src', p));
const { openSqliteStore } = dist('platform/store/sqlite-store');
const { openPostgresStore } = dist('platform/store/postgres-store');
const { ConversationRepository } = dist('platform/store/conversation-repository');
const { OutboxRepository } = dist('platform/outbox/outbox-repository');
const { OutboxDispatcher } = dist('platform/outbox/outbox-dispatcher');
const { createAdapter } = dist('bot/adapter');
const { ProactiveMessenger } = dist('bot/conversations');
const { loadConfig } = dist('config');
const { createLogger } = dist('platform/logging/logger');

async function main() {
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('usage: fanout-child.js DATA_DIR|postgres://URL');
  const log = createLogger('silent');
  const store = dataDir.startsWith('postgres')
    ? await openPostgresStore({ url: dataDir, poolMax: 4 })
    : openSqliteStore(dataDir);
  const conversations = new ConversationRepository(store);
  const adapter = createAdapter(loadConfig({ LOG_LEVEL: 'silent' }), log);
  const messenger = new ProactiveMessenger(adapter, '', conversations, log);
  const repo = new OutboxRepository(store);
  const dispatcher = new OutboxDispatcher(repo, messenger, log, {
    maxBackoffMs: 2_000,
    replicaId: `child-${process.pid}`,
  });
  await dispatcher.start();
  process.stdout.write('started\n');
  await dispatcher.drain(300_000);
  await dispatcher.stop();
  await store.close();
  process.stdout.write('drained\n');
}

main().catch((err) => {
  process.stderr.write(`${err && err.stack ? err.stack : String(err)}\n`);
  process.exit(1);
});
