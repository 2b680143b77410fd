import { translator } from '../../chat/i18n';
import { subscriptionError, type SubscriptionKind } from '../subscriptions/subscription-kinds';
import type { SubscriptionRepository } from '../subscriptions/subscription-repository';
import { findExperiment } from '../../services/mlflow/find-experiment';
import type { MlflowService } from '../../services/mlflow/mlflow-service';
import type { RunWatchRepository } from './run-watch-repository';
import { RUNS_KIND, runsParams } from './run-watcher';
import { commandSyntax } from '../../chat/command-syntax';

export interface RunsKindOptions {
  /** MLFLOW_WATCH_CRON: shown by `subscriptions` as the schedule of every runs subscription. */
  cron: string;
  mlflow: MlflowService;
  subscriptions: SubscriptionRepository;
  watch: RunWatchRepository;
  defaultExperiment: string | undefined;
}

const quoted = (name: string) => (/\s/.test(name) ? `"${name}"` : name);

/**
 * `subscribe runs <experiment> [--only failed]`: the target is the experiment's name (as
 * MLflow spells it), the params carry its id (stable across renames) and the filter. The
 * experiment is resolved live in MLflow, so one created a moment ago is found. Polling
 * is not per subscription: the watcher's one `mlflow-watch` job serves every channel with one
 * search per experiment, so `run` here has nothing to do.
 */
export function runsSubscriptionKind(o: RunsKindOptions): SubscriptionKind {
  return {
    kind: RUNS_KIND,
    label: 'MLflow runs',
    defaultCron: o.cron,
    scheduledPerSubscription: false,
    async prepare(target, flags) {
      for (const flag of ['every', 'tz', 'sustained']) {
        if (flags[flag] !== undefined) {
          throw subscriptionError('bad-option', 'runWatch.notForRuns', { flag, cron: o.cron });
        }
      }
      const only = flags.only;
      if (only !== undefined && only !== 'failed') {
        throw subscriptionError('bad-option', 'runWatch.onlyFailed');
      }
      const ref = target?.trim() || o.defaultExperiment;
      if (!ref) {
        throw subscriptionError('bad-target', 'runWatch.whichExperiment', {
          syntax: commandSyntax('subscribe runs <experiment> [--only failed]'),
        });
      }
      // A channel's existing subscription resolves without MLflow (also if it was deleted there).
      const stored = (await o.subscriptions.list({ kind: RUNS_KIND })).find(
        (s) => s.target.toLowerCase() === ref.toLowerCase() || runsParams(s)?.experimentId === ref,
      );
      const storedId = stored ? runsParams(stored)?.experimentId : undefined;
      const found = storedId
        ? { ok: true as const, experiment: { experimentId: storedId, name: stored?.target ?? ref } }
        : await findExperiment(o.mlflow, ref);
      if (!found.ok) {
        throw found.suggestions.length > 0
          ? subscriptionError('bad-target', 'runWatch.noExperimentDidYouMean', {
              ref,
              names: found.suggestions.map((n) => `\`${quoted(n)}\``).join(', '),
            })
          : subscriptionError('bad-target', 'runWatch.noExperiment', { ref });
      }
      return {
        target: found.experiment.name,
        params: {
          experimentId: found.experiment.experimentId,
          only: only === 'failed' ? 'failed' : 'all',
        },
      };
    },
    run: () => Promise.resolve(),
    // The schedule is the watcher's, shared by every channel: the filter is what differs.
    describe: (s, lang = 'en') =>
      translator(lang)(
        runsParams(s)?.only === 'failed' ? 'runWatch.failedOnly' : 'runWatch.everyEnded',
        { target: s.target },
      ),
    removed: (subscription) => o.watch.forgetSubscription(subscription.id),
  };
}
