import { buildRunCard } from '../cards/run-card';
import { buildRunCompareCard } from '../cards/run-compare-card';
import type { MlflowService } from '../services/mlflow/mlflow-service';
import { defineCommand, type CommandContext } from './command';
import { cardReply, textReply, type Reply } from '../chat/reply';
import { commandArgs } from './command-args';
import { pluralKey, readerLocale, resolveRun, settingsOf } from './mlflow-lookup';
import { compareView, runView } from './mlflow-views';
import { commandSyntax } from '../chat/command-syntax';
import { en } from '../chat/messages/catalogues';

/** The run summary card for one run id; shared by `run <id>` and the runs card's buttons. */
export async function runReply(
  ctx: CommandContext,
  mlflow: MlflowService,
  runId: string,
): Promise<Reply> {
  const found = await resolveRun(mlflow, runId, ctx.lang);
  if (!found.ok) return found.reply;
  const view = await runView(mlflow, settingsOf(ctx), found.value, ctx.now());
  return cardReply(
    buildRunCard({ ...view, lang: ctx.lang, locale: readerLocale(ctx) }),
    ctx.t(pluralKey('runs.runSummary'), {
      name: view.name || view.runId,
      state: ctx.t(`runs.state.${view.status}`),
      count: view.metrics.length,
    }),
  );
}

/** Side-by-side comparison of two runs (any experiments). */
export async function compareReply(
  ctx: CommandContext,
  mlflow: MlflowService,
  aId: string | undefined,
  bId: string | undefined,
): Promise<Reply> {
  if (!aId || !bId) {
    return textReply(
      ctx.t('runs.compareUsage', { syntax: commandSyntax('runs compare <run id A> <run id B>') }),
    );
  }
  const [a, b] = await Promise.all([
    resolveRun(mlflow, aId, ctx.lang),
    resolveRun(mlflow, bId, ctx.lang),
  ]);
  if (!a.ok) return a.reply;
  if (!b.ok) return b.reply;
  const view = compareView(mlflow, settingsOf(ctx), a.value, b.value);
  return cardReply(
    buildRunCompareCard({ ...view, lang: ctx.lang, locale: readerLocale(ctx) }),
    ctx.t('runs.compareSummary', {
      a: view.a.name || view.a.runId,
      b: view.b.name || view.b.runId,
    }),
  );
}

/** `run <id>`: the summary card of one run. */
export const runCommand = defineCommand({
  id: 'run',
  group: 'MLflow',
  description: en.commands.run,
  usage: 'run <run id>',
  examples: ['run 3f2a9c0d4e5b6a7f8091a2b3c4d5e6f7'],
  mutating: false,
  // Needs a run id the menu cannot supply; people reach it from the runs card.
  menu: false,
  args: commandArgs({ words: { max: 1, what: 'runId' } }),
  requires: ['mlflow'],
  async handle(ctx, args) {
    const runId = args.positional[0];
    if (!runId) {
      return textReply(
        ctx.t('runs.whichRun', {
          syntax: commandSyntax('run <run id>'),
          runs: commandSyntax('runs <experiment>'),
        }),
      );
    }
    return runReply(ctx, ctx.services.mlflow, runId);
  },
});
