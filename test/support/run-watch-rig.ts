import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAdapter } from '../../src/bot/adapter';
import { ProactiveMessenger } from '../../src/bot/conversations';
import { runNoticeMessages } from '../../src/cards/run-notice-messages';
import { loadConfig } from '../../src/config';
import { serviceOptionsFrom } from '../../src/config/service-options';
import { createLogger } from '../../src/platform/logging/logger';
import { createRunWatch, type RunWatch } from '../../src/workflows/run-watch/create-run-watch';
import { HttpMlflowService } from '../../src/services/mlflow/http-mlflow-service';
import type { SearchRunsOptions } from '../../src/services/mlflow/mlflow-types';
import { RunWatchRepository } from '../../src/workflows/run-watch/run-watch-repository';
import { Outbox } from '../../src/platform/outbox/outbox';
import { OutboxDispatcher } from '../../src/platform/outbox/outbox-dispatcher';
import { OutboxRepository } from '../../src/platform/outbox/outbox-repository';
import { Scheduler } from '../../src/platform/scheduler/scheduler';
import { ConversationRepository } from '../../src/platform/store/conversation-repository';
import type { SqliteDatabase as Database } from '../../src/platform/store/sqlite-database';
import { openSqliteStore, type SqliteStore } from '../../src/platform/store/sqlite-store';
import { SubscriptionKindRegistry } from '../../src/workflows/subscriptions/subscription-kinds';
import {
  SubscriptionRepository,
  type Subscription,
} from '../../src/workflows/subscriptions/subscription-repository';
import { SubscriptionService } from '../../src/workflows/subscriptions/subscription-service';
import { FakeTeamsConnector } from '../fakes/teams-connector';

export const log = createLogger('silent');

/** The real client, counting runs/search calls (the watcher promises one per experiment per poll). */
export class CountingMlflow extends HttpMlflowService {
  searches = 0;
  override searchRuns(options: SearchRunsOptions) {
    this.searches++;
    return super.searchRuns(options);
  }
}

/** One bot process's worth of run watching, on a data folder that outlives it. */
export interface WatchBot {
  db: Database;
  store: SqliteStore;
  scheduler: Scheduler;
  subscriptions: SubscriptionService;
  conversations: ConversationRepository;
  outboxRepo: OutboxRepository;
  dispatcher: OutboxDispatcher;
  watch: RunWatchRepository;
  runWatch: RunWatch;
  mlflow: CountingMlflow;
  clock: { now: number };
  /** Advances the scheduler clock a minute, ticks, and waits for the watch and the outbox. */
  poll(): Promise<string[]>;
  subscribe(
    channel: string,
    experiment: string,
    flags?: Record<string, string>,
  ): Promise<Subscription>;
  stop(): Promise<void>;
}

/** A data folder, a loopback Teams connector and an MLflow URL, shared by bot "processes". */
export interface WatchRig {
  dir: string;
  connector: FakeTeamsConnector;
  mlflowUrl: string;
  start(): Promise<WatchBot>;
  close(): Promise<void>;
}

export const channelId = (i: number) => `19:runs-ch${i}@thread.tacv2`;

/**
 * Builds the run watch the way src/index.ts does (createRunWatch + the subscription
 * framework + the shared Scheduler + the outbox through the real connector client), with a
 * scheduler clock the test moves. `start()` again on the same rig = a restart.
 */
export async function watchRig(
  mlflowUrl: string,
  channels = 2,
  failing = new Map<string, number>(),
): Promise<WatchRig> {
  const connector = new FakeTeamsConnector({ failing });
  await connector.start();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'run-watch-'));
  const bots: WatchBot[] = [];
  // One clock across restarts: the store remembers which slots the previous "process" ran.
  const clock = { now: Date.now() };
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    DATA_DIR: dir,
    MLFLOW_TRACKING_URI: mlflowUrl,
    MLFLOW_WATCH_CRON: '* * * * *',
  });
  const start = async (): Promise<WatchBot> => {
    const store = openSqliteStore(dir);
    const db = store.sqlite;
    const conversations = new ConversationRepository(store);
    for (let i = 0; i < channels; i++) {
      if (await conversations.get(channelId(i))) continue;
      await conversations.capture({
        conversationId: channelId(i),
        serviceUrl: connector.url,
        channelId: 'msteams',
        tenantId: 't1',
        teamId: '19:team@thread.tacv2',
        teamsChannelId: channelId(i),
        conversationType: 'channel',
        botId: '28:bot',
        botName: 'LLMOps Bot',
        locale: 'en-US',
      });
    }
    const scheduler = new Scheduler(store, log, { now: () => clock.now });
    const messenger = new ProactiveMessenger(createAdapter(config, log), '', conversations, log);
    const outboxRepo = new OutboxRepository(store);
    const dispatcher = new OutboxDispatcher(outboxRepo, messenger, log, { maxBackoffMs: 1_000 });
    const outbox = new Outbox(outboxRepo, dispatcher);
    const repo = new SubscriptionRepository(store);
    const kinds = new SubscriptionKindRegistry();
    const subscriptions = new SubscriptionService(repo, kinds, scheduler, log);
    const mlflow = new CountingMlflow({ baseUrl: mlflowUrl });
    const runWatch = createRunWatch({
      cron: config.mlflowWatch.cron,
      settings: serviceOptionsFrom(config).mlflowSettings,
      store,
      mlflow,
      outbox,
      conversations,
      subscriptions: repo,
      scheduler,
      render: runNoticeMessages,
      log,
    });
    kinds.register(runWatch.kind);
    await subscriptions.rebuild();
    runWatch.start();
    await dispatcher.start();
    const bot: WatchBot = {
      db,
      store,
      scheduler,
      subscriptions,
      conversations,
      outboxRepo,
      dispatcher,
      watch: new RunWatchRepository(store),
      runWatch,
      mlflow,
      clock,
      async poll() {
        clock.now += 60_000;
        const started = await scheduler.tick(clock.now);
        await scheduler.idle();
        await dispatcher.drain(20_000);
        return started;
      },
      async subscribe(channel, experiment, flags = {}) {
        const { target, params } = await runWatch.kind.prepare(experiment, flags);
        return (
          await subscriptions.subscribe({
            kind: 'runs',
            conversationId: channel,
            target,
            params,
            cron: runWatch.kind.defaultCron,
            timezone: 'UTC',
            sustained: 1,
            createdBy: 'admin',
          })
        ).subscription;
      },
      async stop() {
        await scheduler.stop();
        await dispatcher.stop();
        db.close();
      },
    };
    bots.push(bot);
    return bot;
  };
  return {
    dir,
    connector,
    mlflowUrl,
    start,
    async close() {
      for (const b of bots.splice(0)) if (b.db.open) await b.stop();
      await connector.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
