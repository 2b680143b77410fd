import type { Logger } from '../../platform/logging/logger';
import type { Outbox } from '../../platform/outbox/outbox';
import type { Scheduler } from '../../platform/scheduler/scheduler';
import type { ConversationRepository } from '../../platform/store/conversation-repository';
import type { Store } from '../../platform/store/store';
import { subscriptionError, type SubscriptionKind } from '../subscriptions/subscription-kinds';
import type { SubscriptionRepository } from '../subscriptions/subscription-repository';
import type { MlflowService } from '../../services/mlflow/mlflow-service';
import type { MlflowSettings } from '../../services/mlflow/mlflow-settings';
import type { RunNoticeRenderer } from './run-notice-renderer';
import { RunWatchRepository } from './run-watch-repository';
import { RUNS_KIND, RunWatcher } from './run-watcher';
import { runsSubscriptionKind } from './runs-subscription-kind';

/** The `runs` subscription kind and the watcher behind it, for src/index.ts. */
export interface RunWatch {
  /** Register in the subscription kind registry before subscriptions are rebuilt. */
  kind: SubscriptionKind;
  watcher: RunWatcher | undefined;
  /** Registers the `mlflow-watch` job. */
  start(): void;
}

/**
 * Builds run watching. Without MLflow the kind still exists, so `subscribe runs` explains
 * what to configure instead of "unknown kind".
 */
export function createRunWatch(o: {
  /** MLFLOW_WATCH_CRON: the default schedule of `subscribe runs`. */
  cron: string;
  /** Run-card choices; `defaultExperiment` is also what `subscribe runs` watches by default. */
  settings: MlflowSettings;
  store: Store;
  mlflow: MlflowService | undefined;
  outbox: Outbox;
  conversations: ConversationRepository;
  subscriptions: SubscriptionRepository;
  scheduler: Scheduler;
  render: RunNoticeRenderer;
  log: Logger;
  now?: () => number;
}): RunWatch {
  const cron = o.cron;
  const mlflow = o.mlflow;
  if (!mlflow) {
    return {
      kind: {
        kind: RUNS_KIND,
        label: 'MLflow runs',
        defaultCron: cron,
        prepare() {
          throw subscriptionError('not-configured', 'runWatch.notConfigured');
        },
        run: () => Promise.resolve(),
      },
      watcher: undefined,
      start: () => undefined,
    };
  }
  const log = o.log.child({ component: 'mlflow-watch' });
  const watch = new RunWatchRepository(o.store);
  const watcher = new RunWatcher({
    mlflow,
    watch,
    subscriptions: o.subscriptions,
    conversations: o.conversations,
    outbox: o.outbox,
    settings: o.settings,
    render: o.render,
    log,
    ...(o.now ? { now: o.now } : {}),
  });
  return {
    kind: runsSubscriptionKind({
      cron,
      mlflow,
      subscriptions: o.subscriptions,
      watch,
      defaultExperiment: o.settings.defaultExperiment,
    }),
    watcher,
    start() {
      o.scheduler.register(watcher.job(cron));
    },
  };
}
