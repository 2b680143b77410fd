import { buildRunsCard, RUNS_VERBS } from '../cards/runs-card';
import { ServiceError } from '../services/errors';
import type { MlflowService } from '../services/mlflow/mlflow-service';
import type { MlflowExperiment } from '../services/mlflow/mlflow-types';
import { type Command, type CommandContext } from './command';
import { cardReply, textReply, type Reply } from '../chat/reply';
import { mlflowOf, resolveExperiment, settingsOf } from './mlflow-lookup';
import { runsView } from './mlflow-views';
import { compareReply, runReply } from './run';

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
      now: Date.now(),
    });
    return cardReply(
      buildRunsCard(view),
      `${view.rows.length} runs of ${experiment.name}${filter ? ` matching ${filter}` : ''}`,
    );
  } catch (err) {
    if (filter && err instanceof ServiceError && err.reason === 'bad-request') {
      return textReply(
        `MLflow rejected the filter \`${filter}\`: ${err.message}\nExample: \`runs ${experiment.name} metrics.rmse < 1 and params.model = 'x'\``,
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
      `Which experiment? \`runs <experiment> [filter]\`${names ? `. Recently updated: ${names}` : ''}. An operator can set MLFLOW_DEFAULT_EXPERIMENT.`,
    );
  }
  const found = await resolveExperiment(mlflow, ref);
  if (!found.ok) return found.reply;
  return pageReply(ctx, mlflow, found.value, filter, undefined, 1);
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** `runs [experiment] [filter]` and `runs compare a b`; owns the run cards' buttons. */
export const runsCommand: Command = {
  id: 'runs',
  group: 'MLflow',
  description: 'List the latest MLflow runs of an experiment, or compare two runs.',
  usage: 'runs [experiment] [filter] | runs compare <run a> <run b>',
  examples: [
    'runs',
    'runs churn-model',
    "runs churn-model metrics.rmse < 1 and params.model = 'xgb'",
    'runs compare <run id> <run id>',
  ],
  mutating: false,
  async handle(ctx, args) {
    const mlflow = mlflowOf(ctx);
    if (!mlflow.ok) return mlflow.reply;
    if (args.positional[0]?.toLowerCase() === 'compare') {
      return compareReply(ctx, mlflow.value, args.positional[1], args.positional[2]);
    }
    return listRuns(ctx, mlflow.value, args.rest);
  },
  actions: {
    async [RUNS_VERBS.more](ctx, data) {
      const mlflow = mlflowOf(ctx);
      if (!mlflow.ok) return { reply: mlflow.reply };
      const experimentId = str(data.experimentId);
      if (!experimentId) return { reply: textReply('This button is missing its experiment.') };
      const found = await resolveExperiment(mlflow.value, experimentId);
      if (!found.ok) return { reply: found.reply };
      const page = typeof data.page === 'number' && data.page > 1 ? data.page : 2;
      const reply = await pageReply(
        ctx,
        mlflow.value,
        found.value,
        str(data.filter),
        str(data.pageToken),
        page,
      );
      return reply.kind === 'card' ? { card: reply.card } : { reply };
    },
    async [RUNS_VERBS.open](ctx, data) {
      const mlflow = mlflowOf(ctx);
      if (!mlflow.ok) return { reply: mlflow.reply };
      const runId = str(data.runId);
      if (!runId) return { reply: textReply('This button is missing its run id.') };
      return { reply: await runReply(ctx, mlflow.value, runId) };
    },
    async [RUNS_VERBS.compare](ctx, data) {
      const mlflow = mlflowOf(ctx);
      if (!mlflow.ok) return { reply: mlflow.reply };
      return { reply: await compareReply(ctx, mlflow.value, str(data.a), str(data.b)) };
    },
  },
};
