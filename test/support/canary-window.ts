import { createAdapter } from '../../src/bot/adapter';
import { ProactiveMessenger } from '../../src/bot/conversations';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/platform/logging/logger';
import { OperationRepository } from '../../src/platform/operations/operation-repository';
import { Outbox } from '../../src/platform/outbox/outbox';
import { OutboxDispatcher } from '../../src/platform/outbox/outbox-dispatcher';
import { OutboxRepository } from '../../src/platform/outbox/outbox-repository';
import { ConversationRepository } from '../../src/platform/store/conversation-repository';
import { openSqliteStore } from '../../src/platform/store/sqlite-store';
import { DatabricksAuth } from '../../src/services/databricks/databricks-auth';
import { createDatabricksHttp } from '../../src/services/databricks/databricks-client';
import { DatabricksServing } from '../../src/services/databricks/serving';
import { evaluateDueCanaries } from '../../src/workflows/canary-eval/canary-window-job';
import type { Harness } from './bot-harness';

/**
 * Runs the canary window job once against a running bot's store (SQLite), as if the window
 * (`windowMinutes`) had passed: the minute-by-minute scheduler would take that long. What it
 * starts is the bot's own: its runner takes up the evaluation (within its idle poll, 5 s) and
 * its dispatcher sends the notice. This outbox is never started, so it only writes rows.
 */
export async function passCanaryWindow(
  h: Harness,
  o: { databricksUrl: string; suite: string; windowMinutes: number },
): Promise<string[]> {
  const store = openSqliteStore(h.dataDir);
  try {
    const log = createLogger('silent');
    const outboxRepo = new OutboxRepository(store);
    const messenger = new ProactiveMessenger(
      createAdapter(loadConfig({ LOG_LEVEL: 'silent' }), log),
      '',
      new ConversationRepository(store),
      log,
    );
    const http = createDatabricksHttp({
      host: o.databricksUrl,
      auth: new DatabricksAuth({ host: o.databricksUrl, token: 'dapi-test-token' }),
    });
    return await evaluateDueCanaries(
      {
        operations: new OperationRepository(store),
        serving: new DatabricksServing(http),
        suite: o.suite,
        windowMinutes: o.windowMinutes,
        outbox: new Outbox(outboxRepo, new OutboxDispatcher(outboxRepo, messenger, log)),
        nudge: () => undefined,
        log,
      },
      Date.now() + (o.windowMinutes + 1) * 60_000,
    );
  } finally {
    await store.close();
  }
}
