import type { DeploymentRecord } from '../workflows/deploy/deployment-records';
import { rollbackPair } from '../workflows/deploy/deployment-records';
import { defineCommand } from './command';
import { commandArgs, flag } from './command-args';
import { textReply } from '../chat/reply';
import { canaryStateOf } from '../services/databricks/canary-state';
import { canaryInTheWay } from './canary-deploy';
import { busyReason, planDeploy, settingsText } from './deploy-flow';
import { keyRow, keySourceFor, latestProvisionOutputs } from './deploy-key';
import type { Translate } from '../chat/i18n';
import { en } from '../chat/messages/catalogues';

const label = (r: DeploymentRecord, t: Translate) =>
  t('deploy.servedBy', {
    model: `${r.model.modelName}${r.model.modelVersion ? ` ${r.model.modelVersion}` : ''}`,
    deployment: r.model.deploymentName,
  });
const day = (ms: number | undefined) =>
  ms === undefined ? '?' : new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

export const rollbackCommand = defineCommand({
  id: 'rollback',
  group: 'Models and prompts',
  description: en.commands.rollback,
  usage: 'rollback [endpoint] [--dry-run]',
  examples: ['rollback', 'rollback llmops-chat'],
  mutating: true,
  readOnly: (args) => args.flags['dry-run'] === true,
  menu: false,
  args: commandArgs({
    flags: { 'dry-run': flag.switch() },
    words: { max: 1, what: 'endpointName' },
  }),
  requires: ['databricks', 'mlflow'],
  async handle(ctx, args) {
    const d = ctx.services.deploy;
    const { t } = ctx;
    if (!d.records) return textReply(t('deploy.rollback.noMlflow'));
    const name = args.positional[0] ?? d.defaultEndpoint;
    const pair = rollbackPair(await d.records.history(name));
    if (!pair) {
      return textReply(
        t('deploy.rollback.nothingEarlier', { name, experiment: d.records.experimentName }),
      );
    }
    const endpoint = await d.serving.get(name);
    if (!endpoint) return textReply(t('deploy.rollback.noEndpoint', { name }));
    const busy = await busyReason(ctx, name, endpoint);
    if (busy) return textReply(busy);
    const canary = canaryStateOf(endpoint);
    if (canary) return textReply(canaryInTheWay(ctx, canary));
    const { current, previous } = pair;
    // The same key source `deploy` uses, or the "Store key" step has nothing to store.
    const key = await keySourceFor(
      ctx,
      d,
      previous.model.apiBase,
      await latestProvisionOutputs(ctx),
    );
    if (!key.ok) {
      return textReply(t('deploy.rollback.noKey', { apiBase: previous.model.apiBase }));
    }
    return planDeploy(
      ctx,
      {
        model: previous.model,
        inferenceTable: d.inferenceTable,
        rollbackOf: previous.runId,
        ...(key.keyFrom ? { keyFrom: key.keyFrom } : {}),
      },
      {
        title: t('deploy.rollback.title', { name }),
        dryRun: args.flags['dry-run'] === true,
        change: t('deploy.rollback.change', {
          day: day(previous.startTime),
          who: previous.requester ?? '?',
          run: previous.runId.slice(0, 8),
        }),
        rows: [
          [
            t('deploy.row.endpoint'),
            `${name} (${endpoint.ready}, v${endpoint.configVersion ?? '?'})`,
          ],
          [t('deploy.row.now'), label(current, t)],
          [t('deploy.row.restores'), label(previous, t)],
          [t('deploy.row.apiVersion'), previous.model.apiVersion],
          [t('deploy.row.settings'), settingsText(previous.model, ctx.lang)],
          keyRow(d, key.keyFrom, ctx.lang),
          [
            t('deploy.row.recorded'),
            t('deploy.rollback.recordedValue', {
              version: previous.configVersion ?? '?',
              day: day(previous.startTime),
            }),
          ],
        ],
        lang: ctx.lang,
      },
    );
  },
});
