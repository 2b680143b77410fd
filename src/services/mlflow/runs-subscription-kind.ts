import { SubscriptionError, type SubscriptionKind } from '../subscriptions/subscription-kinds';
import type { SubscriptionRepository } from '../subscriptions/subscription-repository';
import type { ExperimentDirectory } from './experiment-directory';
import type { RunWatchRepository } from './run-watch-repository';
import { RUNS_KIND, runsParams } from './run-watcher';

export interface RunsKindOptions {
  /** MLFLOW_WATCH_CRON: shown by `subscriptions` as the schedule of every runs subscription. */
  cron: string;
  directory: ExperimentDirectory;
  subscriptions: SubscriptionRepository;
  watch: RunWatchRepository;
  defaultExperiment: string | undefined;
}

const quoted = (name: string) => (/\s/.test(name) ? `"${name}"` : name);

/**
 * `subscribe runs <experiment> [--only failed]`: the target is the experiment's name (as
 * MLflow spells it), the params carry its id (stable across renames) and the filter. Polling
 * is not per subscription: the watcher's one `mlflow-watch` job serves every channel with one
 * search per experiment, so `run` here has nothing to do.
 */
export function runsSubscriptionKind(o: RunsKindOptions): SubscriptionKind {
  return {
    kind: RUNS_KIND,
    label: 'MLflow runs',
    defaultCron: o.cron,
    scheduledPerSubscription: false,
    prepare(target, flags) {
      for (const flag of ['every', 'tz', 'sustained']) {
        if (flags[flag] !== undefined) {
          throw new SubscriptionError(
            'bad-option',
            `--${flag} does not apply to runs: the bot checks subscribed experiments on its own schedule (\`${o.cron}\`, MLFLOW_WATCH_CRON).`,
          );
        }
      }
      const only = flags.only;
      if (only !== undefined && only !== 'failed') {
        throw new SubscriptionError(
          'bad-option',
          '`--only failed` is the one filter: it posts failed and killed runs only.',
        );
      }
      const ref = target?.trim() || o.defaultExperiment;
      if (!ref) {
        throw new SubscriptionError(
          'bad-target',
          'Which experiment? `subscribe runs <experiment> [--only failed]`; `runs` lists experiments.',
        );
      }
      // A channel's existing subscription resolves without MLflow (also if it was deleted there).
      const stored = o.subscriptions
        .list({ kind: RUNS_KIND })
        .find(
          (s) =>
            s.target.toLowerCase() === ref.toLowerCase() || runsParams(s)?.experimentId === ref,
        );
      const storedId = stored ? runsParams(stored)?.experimentId : undefined;
      const found = storedId
        ? { ok: true as const, experiment: { experimentId: storedId, name: stored?.target ?? ref } }
        : o.directory.lookup(ref);
      if (!found.ok) {
        const hint =
          found.suggestions.length > 0
            ? ` Did you mean ${found.suggestions.map((n) => `\`${quoted(n)}\``).join(', ')}?`
            : ' `runs <experiment>` checks a name.';
        throw new SubscriptionError(
          'bad-target',
          found.loaded
            ? `MLflow has no experiment "${ref}".${hint} (Created just now? Try again in a few seconds.)`
            : `I could not list MLflow experiments yet, so I can't check "${ref}". \`status\` shows the MLflow connection; try again in a minute.`,
        );
      }
      o.directory.remember(found.experiment);
      return {
        target: found.experiment.name,
        params: {
          experimentId: found.experiment.experimentId,
          only: only === 'failed' ? 'failed' : 'all',
        },
      };
    },
    run: () => Promise.resolve(),
    removed(subscription) {
      o.watch.forgetSubscription(subscription.id);
    },
  };
}
