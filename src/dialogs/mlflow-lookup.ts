import { ServiceError } from '../services/errors';
import type { MlflowService } from '../services/mlflow/mlflow-service';
import {
  DEFAULT_MLFLOW_SETTINGS,
  metricDirection,
  nearestNames,
  type MlflowSettings,
} from '../services/mlflow/mlflow-settings';
import type { MlflowExperiment, MlflowRun } from '../services/mlflow/mlflow-types';
import { type CommandContext } from './command';
import { textReply, type Reply } from '../chat/reply';
import { escapeMarkdown } from '../chat/escape-markdown';
import { commandSyntax } from '../chat/command-syntax';
import { langOf, translator, type Lang, type MessageKey, type Translate } from '../chat/i18n';

/** Either what the user named, or a ready answer explaining why not (with suggestions). */
export type Lookup<T> = { ok: true; value: T } | { ok: false; reply: Reply };

const isNotFound = (err: unknown) => err instanceof ServiceError && err.reason === 'not-found';

/** Configured run-card settings, or the data-driven defaults. */
export function settingsOf(ctx: CommandContext): MlflowSettings {
  return ctx.services.mlflowSettings ?? DEFAULT_MLFLOW_SETTINGS;
}

/**
 * The reader's locale for numbers and durations: the activity's, unless `language` pinned a
 * language the locale does not speak (then that language's own formats).
 */
export function readerLocale(ctx: Pick<CommandContext, 'lang' | 'locale'>): string {
  return ctx.locale && langOf(ctx.locale) === ctx.lang ? ctx.locale : ctx.lang;
}

/** A plural text by its base key: i18next picks `_one`/`_other` from the `count` given. */
export const pluralKey = (base: string): MessageKey => base as MessageKey;

/** Up to `limit` experiment names close to `input`, from one search page. */
export async function suggestExperiments(
  mlflow: MlflowService,
  input: string,
  limit = 3,
): Promise<string[]> {
  const page = await mlflow.searchExperiments({ maxResults: 1000 });
  return nearestNames(
    input,
    page.items.map((e) => e.name),
    limit,
  );
}

function suggestionText(names: readonly string[], t: Translate): string {
  return names.length === 0
    ? t('runs.suggestNone', { syntax: commandSyntax('runs <experiment>') })
    : t('runs.suggestSome', {
        names: names.map((n) => `\`runs ${n.includes(' ') ? `"${n}"` : n}\``).join(', '),
      });
}

/**
 * Accepts an experiment id or name (Databricks: a workspace path). Deleted experiments count
 * as missing; a miss answers with the nearest existing names.
 */
export async function resolveExperiment(
  mlflow: MlflowService,
  ref: string,
  lang: Lang = 'en',
): Promise<Lookup<MlflowExperiment>> {
  const attempts: (() => Promise<MlflowExperiment>)[] = [];
  if (/^\d+$/.test(ref)) attempts.push(() => mlflow.getExperiment(ref));
  attempts.push(() => mlflow.getExperimentByName(ref));
  for (const attempt of attempts) {
    try {
      const experiment = await attempt();
      if (experiment.lifecycleStage !== 'deleted') return { ok: true, value: experiment };
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
  const names = await suggestExperiments(mlflow, ref);
  const t = translator(lang);
  return {
    ok: false,
    reply: textReply(
      t('runs.noExperiment', { ref: escapeMarkdown(ref), suggestion: suggestionText(names, t) }),
    ),
  };
}

/** The run, or a reply saying it does not exist (deleted runs included). */
export async function resolveRun(
  mlflow: MlflowService,
  runId: string,
  lang: Lang = 'en',
): Promise<Lookup<MlflowRun>> {
  const notFound = (): Lookup<MlflowRun> => ({
    ok: false,
    reply: textReply(
      translator(lang)('runs.noRun', {
        runId: escapeMarkdown(runId),
        syntax: commandSyntax('runs <experiment>'),
      }),
    ),
  });
  try {
    const run = await mlflow.getRun(runId);
    return run.info.lifecycleStage === 'deleted' ? notFound() : { ok: true, value: run };
  } catch (err) {
    if (isNotFound(err) || (err instanceof ServiceError && err.reason === 'bad-request')) {
      return notFound();
    }
    throw err;
  }
}

/** The best active run of an experiment for one metric. */
export interface BestRun {
  metric: string;
  value: number;
  runId: string;
  runName: string;
}

/** Backticks quote metric names in MLflow search; names containing one cannot be quoted. */
const quotable = (metric: string) => !metric.includes('`');

/**
 * The experiment's best active run for each metric: one `max_results: 1` search per metric,
 * ordered by the metric's direction, so cost does not grow with the number of runs.
 */
export async function bestRuns(
  mlflow: MlflowService,
  settings: MlflowSettings,
  experimentId: string,
  metrics: readonly string[],
): Promise<Map<string, BestRun>> {
  const found = await Promise.all(
    metrics.filter(quotable).map(async (metric): Promise<BestRun | undefined> => {
      const order = metricDirection(settings, metric) === 'lower' ? 'ASC' : 'DESC';
      const page = await mlflow.searchRuns({
        experimentIds: [experimentId],
        orderBy: [`metrics.\`${metric}\` ${order}`],
        maxResults: 1,
      });
      const run = page.items[0];
      const value = run?.metrics.find((m) => m.key === metric)?.value;
      if (!run || value === undefined || Number.isNaN(value)) return undefined;
      return { metric, value, runId: run.info.runId, runName: run.info.runName };
    }),
  );
  return new Map(found.filter((b) => b !== undefined).map((b) => [b.metric, b]));
}
