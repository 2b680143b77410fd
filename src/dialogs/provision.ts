import { buildProvisionPlanCard, PROVISION_VERBS } from '../cards/provision-plan-card';
import { RECOVERY_VERBS } from '../cards/provision-view';
import { cardReply, textReply } from '../chat/reply';
import { translator, type Translate } from '../chat/i18n';
import { typedOperation, type Operation } from '../platform/operations/operation';
import { costLine, estimateMonthlyCost } from '../services/azure/price-table';
import { provisionOperation } from '../workflows/provisioning/provision-operation';
import type { ProvisionParams } from '../workflows/provisioning/provision-steps';
import { defineCommand, type CardButton, type CommandContext } from './command';
import { commandArgs, flag } from './command-args';
import { existingLab } from './existing-lab';
import { clusterOwnerOf } from './cluster-owner';
import { en } from '../chat/messages/catalogues';
import {
  cancelOperation,
  confirmOperation,
  planOperation,
  recordPlan,
  type PlanLabel,
} from './operation-flow';

const LABEL: PlanLabel = { kind: provisionOperation.kind, command: 'provision' };

const normalizeRegion = (r: string) => r.toLowerCase().replace(/\s+/g, '');

/** Creates the persisted plan (state 'planned') the Confirm button refers to. */
function createOperation(
  ctx: CommandContext,
  params: ProvisionParams,
  summary: string,
  detail?: string,
): Promise<Operation> {
  return planOperation(ctx, provisionOperation, {
    params,
    environment: ctx.services.info.environmentName,
    summary,
    ttlMs: ctx.services.lab?.planTtlMs ?? 15 * 60_000,
    ...(detail ? { detail } : {}),
  });
}

/**
 * A failed provision offered a fix (restore / purge a soft-deleted account, a free name, the
 * next region): start a new run with that choice on the same card. The user confirmed the
 * plan already; the fix changes only what the button says.
 */
function recovery(
  change: (p: ProvisionParams, op: Operation) => ProvisionParams,
): CardButton<'azure'> {
  return {
    mutating: true,
    run: async (ctx, data) => {
      const { repo } = ctx.services.operations;
      const stored =
        typeof data.operationId === 'string' ? await repo.get(data.operationId) : undefined;
      const failed = stored && typedOperation(provisionOperation, stored);
      if (!stored || !failed || failed.state !== 'failed') {
        return { reply: textReply(ctx.t('lab.provision.retryGone')) };
      }
      if (failed.outputs.retriedBy) {
        // A double tap or a stale copy of the card: one fix per failed run, never two runs.
        return {
          reply: textReply(ctx.t('lab.provision.retriedAlready', { id: failed.outputs.retriedBy })),
        };
      }
      const params = change(failed.params, stored);
      const op = await createOperation(ctx, params, failed.plan ?? '', `recovery of ${failed.id}`);
      await repo.save({ ...stored, outputs: { ...stored.outputs, retriedBy: op.id } });
      return confirmOperation(ctx, { verb: 'recovery', operationId: op.id }, LABEL);
    },
  };
}

export const provisionCommand = defineCommand({
  id: 'provision',
  group: 'Lab',
  description: en.commands.provision,
  usage: 'provision [--region R] [--model M] [--dry-run]',
  examples: [
    'provision --dry-run',
    'provision --region swedencentral',
    'provision --model gpt-4.1-mini',
  ],
  mutating: true,
  readOnly: (args) => args.flags['dry-run'] === true,
  args: commandArgs({
    flags: {
      region: flag.text('--region swedencentral'),
      model: flag.text('--model gpt-4.1-mini'),
      'dry-run': flag.switch(),
    },
    words: { max: 0, what: 'words' },
  }),
  requires: ['azure'],
  async handle(ctx, args) {
    const { azure, lab } = ctx.services;
    const region = args.flags.region !== undefined ? normalizeRegion(args.flags.region) : undefined;
    const model = args.flags.model;
    const owner = await clusterOwnerOf(ctx, lab.clusterOwner);
    if (!owner) return textReply(ctx.t('lab.provision.noOwner'));
    const existing = existingLab(await azure.listInventory(lab.names.resourceGroup), lab.names);
    const prefs = model ? [model] : undefined;
    // A re-run converges on the lab where it is: the model is chosen from that region's
    // catalogue and the region goes first, whatever the random order of the others says.
    const plan = await (
      existing?.region
        ? azure.planRegions(prefs, [existing.region]).catch(() => undefined)
        : Promise.resolve(undefined)
    ).then((p) => p ?? azure.planRegions(prefs, region ? [region] : undefined));
    const regions = plan.candidates.map((c) => c.region);
    const ordered = existing?.region
      ? [existing.region, ...regions.filter((r) => r !== existing.region)]
      : regions;
    const params: ProvisionParams = {
      names: lab.names,
      regions: ordered,
      skus: Object.fromEntries(plan.candidates.map((c) => [c.region, c.sku])),
      model: plan.model,
      requesterTeamsId: ctx.actor.id,
      clusterOwner: owner.name,
      libraries: lab.libraries,
      nodeType: lab.nodeType,
      runtimeLtsOnly: lab.runtimeLtsOnly,
      autoterminationMinutes: lab.autoterminationMinutes,
    };
    const cost = estimateMonthlyCost(lab.priceTable, {
      nodeType: lab.nodeType,
      workspaceSku: lab.workspaceSku,
      model: plan.model.name,
    });
    // Said in English for the audit (one language in the log), in the reader's in the preview.
    const summaryIn = (t: Translate, costText: string) =>
      t('lab.provision.summary', {
        rg: lab.names.resourceGroup,
        region: params.regions[0] ?? '?',
        model: `${plan.model.name} ${plan.model.version}`,
        workspace: lab.names.workspace,
        cluster: lab.names.cluster,
        cost: costText,
      });
    const summary = summaryIn(translator('en'), cost.line);
    const preview = summaryIn(ctx.t, costLine(cost, ctx.lang));
    const ownerFrom =
      owner.from === 'teams' ? 'lab.provision.ownerFromTeams' : 'lab.provision.ownerConfigured';
    const view = {
      environment: ctx.services.info.environmentName,
      names: lab.names,
      plan,
      capacity: lab.capacity,
      workspaceSku: lab.workspaceSku,
      nodeType: lab.nodeType,
      autoterminationMinutes: lab.autoterminationMinutes,
      libraries: lab.libraries,
      clusterOwner: `${owner.name} (${ctx.t(ownerFrom)})`,
      costLine: costLine(cost, ctx.lang),
      ...(existing ? { existing } : {}),
      lang: ctx.lang,
    };
    if (args.flags['dry-run'] === true) {
      await recordPlan(ctx, 'provision', summary, 'dry run');
      return cardReply(
        buildProvisionPlanCard(view),
        ctx.t('lab.provision.previewDryRun', { summary: preview }),
      );
    }
    const op = await createOperation(ctx, params, summary);
    return cardReply(
      buildProvisionPlanCard({ ...view, operationId: op.id }),
      ctx.t('lab.provision.preview', { summary: preview }),
    );
  },
  actions: {
    [PROVISION_VERBS.confirm]: {
      mutating: true,
      run: (ctx, data) => confirmOperation(ctx, data, LABEL),
    },
    [PROVISION_VERBS.cancel]: {
      mutating: true,
      run: (ctx, data) => cancelOperation(ctx, data, LABEL),
    },
    [RECOVERY_VERBS.restore]: recovery((p) => ({ ...p, onSoftDeleted: 'restore' })),
    [RECOVERY_VERBS.purge]: recovery((p) => ({ ...p, onSoftDeleted: 'purge' })),
    [RECOVERY_VERBS.rename]: recovery((p, op) => ({
      ...p,
      names: { ...p.names, account: op.outputs.proposedName ?? p.names.account },
    })),
    [RECOVERY_VERBS.region]: recovery((p, op) => {
      const next = op.outputs.nextRegion;
      return next ? { ...p, regions: [next, ...p.regions.filter((r) => r !== next)] } : p;
    }),
    // The deployment found no quota where the account already is: recreate the (empty) account
    // in the next region; the region without quota is not tried again.
    [RECOVERY_VERBS.move]: recovery((p, op) => {
      const next = op.outputs.nextRegion;
      const from = op.outputs.region;
      if (!next || !from) return p;
      const rest = p.regions.filter((r) => r !== next && r !== from);
      return { ...p, regions: [next, ...rest], moveAccountFrom: from };
    }),
  },
});
