import { APPROVE_DEPLOY, CANCEL_DEPLOY, CONFIRM_DEPLOY } from '../cards/deploy-card';
import { secretReference } from '../services/databricks/secrets';
import type { DeployParams } from '../workflows/deploy/deploy-params';
import {
  accountKeySource,
  provisionedOutputs,
  withProvisionedDefaults,
} from '../workflows/deploy/provisioned-source';
import { defineCommand } from './command';
import { commandArgs, flag } from './command-args';
import { textReply } from '../chat/reply';
import { approveDeploy, busyReason, deployLabelOf, planDeploy } from './deploy-flow';
import { cancelOperation, confirmOperation } from './operation-flow';

const NAME = /^[A-Za-z0-9_-]{1,63}$/;

const host = (url: string) => (URL.canParse(url) ? new URL(url).host : url);

export const deployCommand = defineCommand({
  id: 'deploy',
  group: 'Models and prompts',
  description:
    'Serve the Azure OpenAI deployment from a Databricks endpoint (plan, confirm, progress); recorded in MLflow.',
  usage: 'deploy [--endpoint NAME] [--dry-run]',
  examples: ['deploy', 'deploy --endpoint llmops-chat', 'deploy --dry-run'],
  mutating: true,
  readOnly: (args) => args.flags['dry-run'] === true,
  args: commandArgs({
    flags: { endpoint: flag.text('--endpoint llmops-chat'), 'dry-run': flag.switch() },
    words: { max: 0, what: 'words' },
  }),
  requires: ['databricks'],
  async handle(ctx, args) {
    const d = ctx.services.deploy;
    const name = args.flags.endpoint ?? d.defaultEndpoint;
    if (!NAME.test(name)) {
      return textReply(
        'Endpoint names use letters, digits, - and _ (max 63). Example: `deploy --endpoint llmops-chat`',
      );
    }
    // Configuration first; what the last `provision` created fills the gaps.
    const outputs = provisionedOutputs(
      await ctx.services.operations.repo.latest(ctx.services.info.environmentName),
    );
    const s = withProvisionedDefaults(d.source, outputs);
    if (!s.apiBase || !s.deploymentName) {
      return textReply(
        'Nothing to deploy: run `provision`, or set AZURE_OPENAI_ENDPOINT and AZURE_OPENAI_DEPLOYMENT and restart.',
      );
    }
    // Without a configured key, the secret step reads the account's key at run time.
    const keyFrom = s.hasKey
      ? undefined
      : await accountKeySource(
          s.apiBase,
          outputs,
          ctx.services.azure,
          ctx.services.lab?.names.resourceGroup,
        );
    if (!s.hasKey && !keyFrom) {
      return textReply(
        'Deploy stores the Azure OpenAI key in a Databricks secret: set AZURE_OPENAI_API_KEY, then restart.',
      );
    }
    const endpoint = await d.serving.get(name);
    const busy = await busyReason(ctx, name, endpoint);
    if (busy) return textReply(busy);
    const params: DeployParams = {
      model: {
        endpoint: name,
        modelName: s.modelName ?? s.deploymentName,
        modelVersion: s.modelVersion,
        apiBase: s.apiBase,
        deploymentName: s.deploymentName,
        apiVersion: s.apiVersion,
        temperature: d.temperature,
      },
      inferenceTable: d.inferenceTable,
      ...(d.requiredSuite ? { requiredSuite: d.requiredSuite } : {}),
      ...(keyFrom ? { keyFrom } : {}),
    };
    const now = endpoint?.served[0];
    const change = !endpoint
      ? `Creates endpoint ${name}.`
      : `Replaces config v${endpoint.configVersion ?? '?'}${now ? ` (${now.modelName} via ${now.deploymentName})` : ''} with a new version.`;
    const table = d.inferenceTable;
    return planDeploy(ctx, params, {
      title: `Deploy ${name}`,
      dryRun: args.flags['dry-run'] === true,
      change,
      rows: [
        [
          'Endpoint',
          endpoint
            ? `${name} (${endpoint.ready}, v${endpoint.configVersion ?? '?'})`
            : `${name} (new)`,
        ],
        ['Model', `${params.model.modelName}${s.modelVersion ? ` ${s.modelVersion}` : ''}`],
        ['Azure', `${s.deploymentName} @ ${host(s.apiBase)}`],
        ['API version', s.apiVersion],
        [
          'Key',
          `secret ${secretReference(d.secretScope, d.secretKey)}${keyFrom ? ` ← key of ${keyFrom.account}` : ''}`,
        ],
        [
          'Gateway',
          `usage tracking on; inference table ${table ? `${table.catalog}.${table.schema}` : 'off'}`,
        ],
        ...(d.requiredSuite ? [['Gate', `suite ${d.requiredSuite} must pass`] as const] : []),
        ['MLflow', d.records ? d.records.experimentName : 'not configured (not recorded)'],
      ],
    });
  },
  actions: {
    [CONFIRM_DEPLOY]: {
      mutating: true,
      run: async (ctx, data) => confirmOperation(ctx, data, await deployLabelOf(ctx, data)),
    },
    [CANCEL_DEPLOY]: {
      mutating: true,
      run: async (ctx, data) => cancelOperation(ctx, data, await deployLabelOf(ctx, data)),
    },
    [APPROVE_DEPLOY]: { mutating: true, run: approveDeploy },
  },
});
