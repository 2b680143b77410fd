import { buildRunsCard, RUNS_VERBS } from '../cards/runs-card';
import { ServiceError } from '../services/errors';
import type { MlflowService } from '../services/mlflow/mlflow-service';
import type { MlflowExperiment } from '../services/mlflow/mlflow-types';
import type { ActionData } from '../chat/adaptive-card';
import { defineCommand, type ActionResult, type CommandContext, type ContextWith } from './command';
import { cardReply, textReply, type Reply } from '../chat/reply';
import { commandArgs } from './command-args';
import { pluralKey, readerLocale, resolveExperiment, settingsOf } from './mlflow-lookup';
import { runsView } from './mlflow-views';
import { compareReply, runReply } from './run';
import { escapeMarkdown } from '../chat/escape-markdown';
import { commandSyntax } from '../chat/command-syntax';
import { en } from '../chat/messages/catalogues';

/** A first word that can only start a filter, so `runs metrics.rmse < 1` uses the default experiment. */
const FILTER_START =
  /^(metrics?|params?|tags?|attributes?|datasets?)\.|^`|^(status|run_name|run_id|start_time|end_time|user_id)\b/i;

/**
 * Splits `[experiment] [filter]`. The experiment may be quoted ("my exp"); the filter is the
 * rest of the line exactly as typed, since MLflow's syntax has its own quotes.
 */
export function splitRunsArgs(rest: string): { experiment?: string; filter?: string } {
  const m = /^(?:"([^"]*)"|“([^”]*)”|(\S+))\s*([\s\S]*)$/.exec(rest.trim());
  if (!m) return {};
  const bare = m[3];
  if (bare !== undefined && FILTER_START.test(bare)) return { filter: rest.trim() };
  const experiment = m[1] ?? m[2] ?? bare ?? '';
  const filter = (m[4] ?? '').trim();
  return { experiment, ...(filter ? { filter } : {}) };
}

async function pageReply(
  ctx: CommandContext,
  mlflow: MlflowService,
  experiment: MlflowExperiment,
  filter: string | undefined,
  pageToken: string | undefined,
  page: number,
): Promise<Reply> {
  try {
    const view = await runsView(mlflow, settingsOf(ctx), experiment, {
      filter,
      pageToken,
      page,
      now: ctx.now(),
    });
    const summary = filter ? 'runs.pageSummaryFiltered' : 'runs.pageSummary';
    return cardReply(
      buildRunsCard({ ...view, lang: ctx.lang, locale: readerLocale(ctx) }),
      ctx.t(pluralKey(summary), {
        count: view.rows.length,
        experiment: experiment.name,
        ...(filter ? { filter } : {}),
      }),
    );
  } catch (err) {
    if (filter && err instanceof ServiceError && err.reason === 'bad-request') {
      return textReply(
        ctx.t('runs.badFilter', {
          filter: escapeMarkdown(filter),
          message: err.message,
          experiment: experiment.name,
        }),
      );
    }
    throw err;
  }
}

async function listRuns(ctx: CommandContext, mlflow: MlflowService, rest: string): Promise<Reply> {
  const { experiment, filter } = splitRunsArgs(rest);
  const ref = experiment ?? settingsOf(ctx).defaultExperiment;
  if (!ref) {
    const recent = await mlflow.searchExperiments({
      maxResults: 5,
      orderBy: ['last_update_time DESC'],
    });
    const names = recent.items.map((e) => `\`${e.name}\``).join(', ');
    return textReply(
      ctx.t('runs.whichExperiment', {
        syntax: commandSyntax('runs <experiment> [filter]'),
        recent: names ? ctx.t('runs.recent', { names }) : '',
      }),
    );
  }
  const found = await resolveExperiment(mlflow, ref, ctx.lang);
  if (!found.ok) return found.reply;
  return pageReply(ctx, mlflow, found.value, filter, undefined, 1);
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** `runs [experiment] [filter]` and `runs compare a b`; owns the run cards' buttons. */
export const runsCommand = defineCommand({
  id: 'runs',
  group: 'MLflow',
  description: en.commands.runs,
  usage: 'runs [experiment] [filter] | runs compare <run a> <run b>',
  examples: [
    'runs',
    'runs churn-model',
    "runs churn-model metrics.rmse < 1 and params.model = 'xgb'",
    'runs compare <run id> <run id>',
  ],
  mutating: false,
  args: commandArgs(),
  requires: ['mlflow'],
  async handle(ctx, args) {
    const { mlflow } = ctx.services;
    if (args.positional[0]?.toLowerCase() === 'compare') {
      return compareReply(ctx, mlflow, args.positional[1], args.positional[2]);
    }
    return listRuns(ctx, mlflow, args.text);
  },
  actions: {
    [RUNS_VERBS.more]: { mutating: false, run: moreRuns },
    [RUNS_VERBS.open]: {
      mutating: false,
      async run(ctx, data) {
        const runId = str(data.runId);
        if (!runId) return { reply: textReply(ctx.t('runs.missingRunId')) };
        return { reply: await runReply(ctx, ctx.services.mlflow, runId) };
      },
    },
    [RUNS_VERBS.compare]: {
      mutating: false,
      async run(ctx, data) {
        const reply = await compareReply(ctx, ctx.services.mlflow, str(data.a), str(data.b));
        return { reply };
      },
    },
  },
});

/** The runs card's More button: the next page, replacing the card. */
async function moreRuns(ctx: ContextWith<'mlflow'>, data: ActionData): Promise<ActionResult> {
  const { mlflow } = ctx.services;
  const experimentId = str(data.experimentId);
  if (!experimentId) return { reply: textReply(ctx.t('runs.missingExperiment')) };
  const found = await resolveExperiment(mlflow, experimentId, ctx.lang);
  if (!found.ok) return { reply: found.reply };
  const page = typeof data.page === 'number' && data.page > 1 ? data.page : 2;
  const reply = await pageReply(
    ctx,
    mlflow,
    found.value,
    str(data.filter),
    str(data.pageToken),
    page,
  );
  return reply.kind === 'card' ? { card: reply.card } : { reply };
}
