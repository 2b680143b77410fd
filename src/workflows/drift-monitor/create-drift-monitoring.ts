import type { Config } from '../../config';
import {
  databricksHttp,
  type DatabricksConnection,
} from '../../services/databricks/databricks-client';
import { HttpDatabricksJobs } from '../../services/databricks/jobs';
import { HttpSqlStatements } from '../../services/databricks/sql-statements';
import { parseReferenceSpec } from '../../drift/drift-windows';
import { resolveFeatures } from '../../drift/inference-features';
import type { InferenceLogRepository } from '../prompting/inference-log-repository';
import type { Logger } from '../../platform/logging/logger';
import type { Outbox } from '../../platform/outbox/outbox';
import type { Scheduler } from '../../platform/scheduler/scheduler';
import type { Store } from '../../platform/store/store';
import { SubscriptionKindRegistry } from '../subscriptions/subscription-kinds';
import { SubscriptionRepository } from '../subscriptions/subscription-repository';
import { SubscriptionService } from '../subscriptions/subscription-service';
import { DatabricksWindowSource } from './databricks-window-source';
import type { DriftAlertRenderer } from './drift-alert-renderer';
import type { Lang } from '../../chat/i18n';
import { DriftMonitor } from './drift-monitor';
import { IncidentActions, type IncidentActionsDeps } from './incident-actions';
import { IncidentRepository } from './incident-repository';
import { LogWindowSource } from './log-window-source';
import type { InferenceWindowSource } from './window-source';

/** How often the subscriptions are re-read from the store (changes made on other replicas). */
const SUBSCRIPTION_SYNC_MS = 30_000;

export interface DriftMonitoring {
  monitor: DriftMonitor;
  actions: IncidentActions;
  subscriptions: SubscriptionService;
  /** Rebuilds scheduler jobs from the store and resumes watching retraining runs. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Builds drift monitoring from configuration, for src/index.ts: the window source (Databricks
 * inference table when configured, else the bot's own log), incidents, card buttons, and the
 * subscription service with the `drift` kind registered. `render` says it all to people.
 */
export function createDriftMonitoring(o: {
  config: Readonly<Config>;
  store: Store;
  outbox: Outbox;
  inferenceLog: InferenceLogRepository;
  scheduler: Scheduler;
  databricks: DatabricksConnection;
  render: DriftAlertRenderer;
  /** The language a conversation reads, for alerts and thread replies. */
  languageOf?: (conversationId: string) => Promise<Lang>;
  log: Logger;
  /** Watches a started retraining run as an operation (see IncidentActionsDeps.watchRun). */
  watchRun?: IncidentActionsDeps['watchRun'];
}): DriftMonitoring {
  const c = o.config.drift;
  const http = databricksHttp(o.databricks);
  const source: InferenceWindowSource =
    http && c.inferenceTable && c.warehouseId
      ? new DatabricksWindowSource({
          sql: new HttpSqlStatements(http),
          warehouseId: c.warehouseId,
          tableTemplate: c.inferenceTable,
        })
      : new LogWindowSource(o.inferenceLog);
  const incidents = new IncidentRepository(o.store);
  const log = o.log.child({ component: 'drift' });
  const monitor = new DriftMonitor({
    source,
    incidents,
    outbox: o.outbox,
    render: o.render,
    ...(o.languageOf ? { languageOf: o.languageOf } : {}),
    log,
    settings: {
      currentHours: c.windowHours,
      reference: parseReferenceSpec(c.reference),
      features: resolveFeatures(c.features),
      maxDistinct: c.maxDistinct,
      defaultTarget: c.defaultTarget,
      owner: c.owner,
      retrainJobId: c.retrainJobId,
      alertActions: c.alertActions,
    },
  });
  const repo = new SubscriptionRepository(o.store);
  const kinds = new SubscriptionKindRegistry().register(monitor.subscriptionKind());
  const subscriptions = new SubscriptionService(repo, kinds, o.scheduler, log);
  const actions = new IncidentActions({
    monitor,
    incidents,
    subscriptions: repo,
    outbox: o.outbox,
    render: o.render,
    jobs: http ? new HttpDatabricksJobs(http) : undefined,
    retrainPollMs: c.retrainPollMs,
    log,
    ...(o.watchRun ? { watchRun: o.watchRun } : {}),
  });
  return {
    monitor,
    actions,
    subscriptions,
    async start() {
      const n = await subscriptions.rebuild();
      if (n > 0) log.info({ subscriptions: n }, 'subscriptions scheduled');
      // Other replicas' subscribes and unsubscribes reach this one's scheduler within a minute.
      subscriptions.keepInSync(SUBSCRIPTION_SYNC_MS);
      await actions.resume();
    },
    stop: () => {
      subscriptions.stopSync();
      return actions.stop();
    },
  };
}
