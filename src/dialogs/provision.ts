import { buildProvisionPlanCard, PROVISION_VERBS } from '../cards/provision-plan-card';
import { RECOVERY_VERBS } from '../cards/provision-view';
import { cardReply, textReply } from '../chat/reply';
import { typedOperation, type Operation } from '../platform/operations/operation';
import { estimateMonthlyCost } from '../services/azure/price-table';
import { provisionOperation } from '../workflows/provisioning/provision-operation';
import type { ProvisionParams } from '../workflows/provisioning/provision-steps';
import { defineCommand, type CardButton, type CommandContext } from './command';
import { commandArgs, flag } from './command-args';
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
        return {
          reply: textReply(
            'That provisioning run can no longer be changed. Run `provision` again.',
          ),
        };
      }
      if (failed.outputs.retriedBy) {
        // A double tap or a stale copy of the card: one fix per failed run, never two runs.
        return {
          reply: textReply(
            `That provisioning run was already retried (operation ${failed.outputs.retriedBy}).`,
          ),
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
  description:
    'Plan and create the lab: Azure OpenAI, model deployment, Databricks workspace and cluster.',
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
    const plan = await azure.planRegions(
      model ? [model] : undefined,
      region ? [region] : undefined,
    );
    const owner = lab.clusterOwner ?? ctx.actor.key;
    const params: ProvisionParams = {
      names: lab.names,
      regions: plan.candidates.map((c) => c.region),
      skus: Object.fromEntries(plan.candidates.map((c) => [c.region, c.sku])),
      model: plan.model,
      requesterTeamsId: ctx.actor.id,
      clusterOwner: owner,
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
    const summary = `${lab.names.resourceGroup} in ${params.regions[0] ?? '?'}: ${plan.model.name} ${plan.model.version}, ${lab.names.workspace}, ${lab.names.cluster}; ${cost.line}`;
    const view = {
      environment: ctx.services.info.environmentName,
      names: lab.names,
      plan,
      capacity: lab.capacity,
      workspaceSku: lab.workspaceSku,
      nodeType: lab.nodeType,
      autoterminationMinutes: lab.autoterminationMinutes,
      libraries: lab.libraries,
      clusterOwner: owner,
      costLine: cost.line,
    };
    if (args.flags['dry-run'] === true) {
      await recordPlan(ctx, 'provision', summary, 'dry run');
      return cardReply(buildProvisionPlanCard(view), `Provision plan (dry run): ${summary}`);
    }
    const op = await createOperation(ctx, params, summary);
    return cardReply(
      buildProvisionPlanCard({ ...view, operationId: op.id }),
      `Provision plan: ${summary}`,
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
