import type { DeploymentRecord } from '../workflows/deploy/deployment-records';
import { rollbackPair } from '../workflows/deploy/deployment-records';
import { defineCommand } from './command';
import { commandArgs, flag } from './command-args';
import { textReply } from '../chat/reply';
import { busyReason, planDeploy, settingsText } from './deploy-flow';
import { keyRow, keySourceFor, latestProvisionOutputs } from './deploy-key';

const label = (r: DeploymentRecord) =>
  `${r.model.modelName}${r.model.modelVersion ? ` ${r.model.modelVersion}` : ''} via ${r.model.deploymentName}`;
const day = (ms: number | undefined) =>
  ms === undefined ? '?' : new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

export const rollbackCommand = defineCommand({
  id: 'rollback',
  group: 'Models and prompts',
  description: 'Restore the endpoint config of the previous deployment recorded in MLflow.',
  usage: 'rollback [endpoint] [--dry-run]',
  examples: ['rollback', 'rollback llmops-chat'],
  mutating: true,
  readOnly: (args) => args.flags['dry-run'] === true,
  menu: false,
  args: commandArgs({
    flags: { 'dry-run': flag.switch() },
    words: { max: 1, what: 'one endpoint name' },
  }),
  requires: ['databricks', 'mlflow'],
  async handle(ctx, args) {
    const d = ctx.services.deploy;
    if (!d.records) {
      return textReply(
        'Rollback reads the deployment history from MLflow, which is not configured (MLFLOW_TRACKING_URI or DATABRICKS_HOST).',
      );
    }
    const name = args.positional[0] ?? d.defaultEndpoint;
    const pair = rollbackPair(await d.records.history(name));
    if (!pair) {
      return textReply(
        `No earlier successful deployment of ${name} that differs from the current one is recorded in MLflow experiment ${d.records.experimentName}.`,
      );
    }
    const endpoint = await d.serving.get(name);
    if (!endpoint)
      return textReply(`Endpoint ${name} does not exist; use \`deploy\` to create it.`);
    const busy = await busyReason(ctx, name, endpoint);
    if (busy) return textReply(busy);
    const { current, previous } = pair;
    // The same key source `deploy` uses, or the "Store key" step has nothing to store.
    const key = await keySourceFor(
      ctx,
      d,
      previous.model.apiBase,
      await latestProvisionOutputs(ctx),
    );
    if (!key.ok) {
      return textReply(
        `Rollback stores the Azure OpenAI key of ${previous.model.apiBase} in a Databricks secret, and no account of this lab serves it: set AZURE_OPENAI_API_KEY, then restart.`,
      );
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
        title: `Rollback ${name}`,
        dryRun: args.flags['dry-run'] === true,
        change: `Restores the config deployed ${day(previous.startTime)} by ${previous.requester ?? '?'} (run ${previous.runId.slice(0, 8)}) as a new config version.`,
        rows: [
          ['Endpoint', `${name} (${endpoint.ready}, v${endpoint.configVersion ?? '?'})`],
          ['Now', label(current)],
          ['Restores', label(previous)],
          ['API version', previous.model.apiVersion],
          ['Settings', settingsText(previous.model)],
          keyRow(d, key.keyFrom),
          ['Recorded', `config v${previous.configVersion ?? '?'}, ${day(previous.startTime)}`],
        ],
      },
    );
  },
});
