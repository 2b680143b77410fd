import { APPROVE_DEPLOY, CANCEL_DEPLOY, CONFIRM_DEPLOY } from '../cards/deploy-card';
import type { DeployParams } from '../workflows/deploy/deploy-params';
import type { DeploySource } from '../workflows/deploy/deploy-services';
import { withProvisionedDefaults } from '../workflows/deploy/provisioned-source';
import { defineCommand } from './command';
import { commandArgs, flag } from './command-args';
import { textReply } from '../chat/reply';
import { canaryStateOf } from '../services/databricks/canary-state';
import { canaryFlag, canaryInTheWay, planCanaryDeploy } from './canary-deploy';
import { approveDeploy, busyReason, deployLabelOf, planDeploy, settingsText } from './deploy-flow';
import { keyRow, keySourceFor, latestProvisionOutputs } from './deploy-key';
import { cancelOperation, confirmOperation } from './operation-flow';
import { en } from '../chat/messages/catalogues';

const NAME = /^[A-Za-z0-9_-]{1,63}$/;
/** Azure OpenAI deployment names: letters, digits, `-`, `_` and `.`, up to 64. */
const DEPLOYMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * What `--deployment` changes: nothing when it names the configured deployment; the provisioned
 * one (with its model) when it names that; else that deployment, under its own name, since the
 * configured model describes another deployment.
 */
function sourceFor(
  source: DeploySource,
  deployment: string | undefined,
  outputs: Readonly<Record<string, string>> | undefined,
): DeploySource {
  if (deployment === undefined || deployment === source.deploymentName) return source;
  const unset = { deploymentName: undefined, modelName: undefined, modelVersion: undefined };
  if (deployment === outputs?.deployment) return { ...source, ...unset };
  return { ...source, ...unset, deploymentName: deployment, modelName: deployment };
}

const host = (url: string) => (URL.canParse(url) ? new URL(url).host : url);

export const deployCommand = defineCommand({
  id: 'deploy',
  group: 'Models and prompts',
  description: en.commands.deploy,
  usage:
    'deploy [--endpoint NAME] [--deployment NAME] [--temperature T] [--max-tokens N] [--canary [PERCENT] [--auto]] [--dry-run]',
  examples: [
    'deploy',
    'deploy --endpoint llmops-chat',
    'deploy --deployment chat-v2 --temperature 0.2 --max-tokens 800',
    'deploy --deployment chat-v2 --canary 10',
    'deploy --dry-run',
  ],
  mutating: true,
  readOnly: (args) => args.flags['dry-run'] === true,
  args: commandArgs({
    flags: {
      endpoint: flag.text('--endpoint llmops-chat'),
      deployment: flag.text('--deployment chat-v2'),
      temperature: flag.number(0, 2),
      'max-tokens': flag.int(1, 128_000),
      'dry-run': flag.switch(),
      canary: canaryFlag,
      auto: flag.switch(),
    },
    words: { max: 0, what: 'words' },
  }),
  requires: ['databricks'],
  async handle(ctx, args) {
    const d = ctx.services.deploy;
    const name = args.flags.endpoint ?? d.defaultEndpoint;
    if (!NAME.test(name)) {
      return textReply(ctx.t('deploy.badEndpointName'));
    }
    const deployment = args.flags.deployment;
    if (deployment !== undefined && !DEPLOYMENT.test(deployment)) {
      return textReply(ctx.t('deploy.badDeploymentName'));
    }
    // The flag, then configuration; what the last `provision` created fills the gaps.
    const outputs = await latestProvisionOutputs(ctx);
    const s = withProvisionedDefaults(sourceFor(d.source, deployment, outputs), outputs);
    if (!s.apiBase || !s.deploymentName) {
      return textReply(ctx.t('deploy.nothingToDeploy'));
    }
    // Without a configured key, the secret step reads the account's key at run time.
    const key = await keySourceFor(ctx, d, s.apiBase, outputs);
    if (!key.ok) {
      return textReply(ctx.t('deploy.noKey'));
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
        temperature: args.flags.temperature ?? d.temperature,
        ...(args.flags['max-tokens'] !== undefined ? { maxTokens: args.flags['max-tokens'] } : {}),
      },
      inferenceTable: d.inferenceTable,
      ...(d.requiredSuite ? { requiredSuite: d.requiredSuite } : {}),
      ...(key.keyFrom ? { keyFrom: key.keyFrom } : {}),
    };
    const dryRun = args.flags['dry-run'] === true;
    if (args.flags.canary !== undefined) {
      return planCanaryDeploy(ctx, params, endpoint, args.flags.canary, {
        dryRun,
        auto: args.flags.auto === true,
      });
    }
    if (args.flags.auto === true) return textReply(ctx.t('canaryGuard.autoWithoutCanary'));
    const canary = endpoint && canaryStateOf(endpoint);
    if (canary) return textReply(canaryInTheWay(ctx, canary));
    const now = endpoint?.served[0];
    const { t } = ctx;
    const served =
      now && t('deploy.servedBy', { model: now.modelName, deployment: now.deploymentName });
    const change = !endpoint
      ? t('deploy.createsEndpoint', { name })
      : t('deploy.replacesConfig', {
          version: endpoint.configVersion ?? '?',
          serving: served ? ` (${served})` : '',
        });
    const table = d.inferenceTable;
    return planDeploy(ctx, params, {
      title: t('deploy.planTitle', { name }),
      dryRun,
      change,
      rows: [
        [
          t('deploy.row.endpoint'),
          endpoint
            ? `${name} (${endpoint.ready}, v${endpoint.configVersion ?? '?'})`
            : t('deploy.endpointNew', { name }),
        ],
        [
          t('deploy.row.model'),
          `${params.model.modelName}${s.modelVersion ? ` ${s.modelVersion}` : ''}`,
        ],
        ['Azure', `${s.deploymentName} @ ${host(s.apiBase)}`],
        [t('deploy.row.apiVersion'), s.apiVersion],
        [t('deploy.row.settings'), settingsText(params.model, ctx.lang)],
        keyRow(d, key.keyFrom, ctx.lang),
        [
          t('deploy.row.gateway'),
          t('deploy.gateway', {
            table: table ? `${table.catalog}.${table.schema}` : t('deploy.off'),
          }),
        ],
        ...(d.requiredSuite
          ? [[t('deploy.row.gate'), t('deploy.gate', { suite: d.requiredSuite })] as const]
          : []),
        ['MLflow', d.records ? d.records.experimentName : t('deploy.notRecorded')],
      ],
      lang: ctx.lang,
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
