import {
  APPROVE_CLEANUP,
  buildCleanupPlanCard,
  CLEANUP_VERBS,
  CONFIRM_INPUT,
  type CleanupPlanView,
} from '../cards/cleanup-plan-card';
import { cardReply, textReply } from '../chat/reply';
import { translator, type Translate } from '../chat/i18n';
import { en } from '../chat/messages/catalogues';
import { cleanupOperation } from '../workflows/provisioning/cleanup-operation';
import type { CleanupParams } from '../workflows/provisioning/cleanup-steps';
import { PROVISION_KIND } from '../workflows/provisioning/provision-operation';
import type { ActionData } from '../chat/adaptive-card';
import { defineCommand, type ActionResult, type CommandContext } from './command';
import { commandArgs, flag } from './command-args';
import {
  cancelOperation,
  confirmOperation,
  opId,
  planOperation,
  recordPlan,
  type PlanLabel,
} from './operation-flow';
import { escapeMarkdown } from '../chat/escape-markdown';
import { approvePlan, requireApproval } from './plan-approval';

const LABEL: PlanLabel = { kind: cleanupOperation.kind, command: 'cleanup' };

export const cleanupCommand = defineCommand({
  id: 'cleanup',
  group: 'Lab',
  description: en.commands.cleanup,
  usage: 'cleanup [--keep-resource-group] [--dry-run]',
  examples: ['cleanup --dry-run', 'cleanup', 'cleanup --keep-resource-group'],
  mutating: true,
  readOnly: (args) => args.flags['dry-run'] === true,
  args: commandArgs({
    flags: { 'keep-resource-group': flag.switch(), 'dry-run': flag.switch() },
    words: { max: 0, what: 'words' },
  }),
  requires: ['azure'],
  async handle(ctx, args) {
    const { azure, lab, operations, info } = ctx.services;
    const keep = args.flags['keep-resource-group'] === true;
    const rg = lab.names.resourceGroup;
    const inventory = await azure.listInventory(rg);
    const lastProvision = (await operations.repo.latest(info.environmentName, 50)).find(
      (o) => o.kind === PROVISION_KIND && o.outputs.workspaceUrl,
    );
    const params: CleanupParams = {
      resourceGroup: rg,
      keepResourceGroup: keep,
      workspaceUrl: lastProvision?.outputs.workspaceUrl,
      requesterTeamsId: ctx.actor.id,
    };
    // Said in English for the audit (one language in the log), in the reader's in the preview.
    const summaryIn = (t: Translate) =>
      t('lab.cleanup.summary', {
        count: inventory.items.length,
        rg,
        keep: keep ? t('lab.cleanup.summaryKeep') : '',
        items: inventory.items.map((i) => i.name).join(', ') || t('lab.cleanup.summaryNothing'),
      });
    const summary = summaryIn(translator('en'));
    const preview = summaryIn(ctx.t);
    const view: CleanupPlanView = {
      environment: info.environmentName,
      resourceGroup: rg,
      items: inventory.items,
      keepResourceGroup: keep,
    };
    if (args.flags['dry-run'] === true) {
      await recordPlan(ctx, 'cleanup', summary, 'dry run');
      return cardReply(
        buildCleanupPlanCard({ ...view, lang: ctx.lang }),
        ctx.t('lab.cleanup.previewDryRun', { summary: preview }),
      );
    }
    const op = await planOperation(ctx, cleanupOperation, {
      params,
      environment: info.environmentName,
      summary,
      ttlMs: lab.planTtlMs,
      detail: 'awaiting typed confirmation',
    });
    const approval = await requireApproval(ctx, op, view);
    return cardReply(
      buildCleanupPlanCard({
        ...view,
        operationId: op.id,
        ...(approval ? { approval } : {}),
        lang: ctx.lang,
      }),
      ctx.t('lab.cleanup.preview', { summary: preview }),
    );
  },
  actions: {
    [CLEANUP_VERBS.confirm]: { mutating: true, run: confirmCleanup },
    [CLEANUP_VERBS.cancel]: {
      mutating: true,
      run: (ctx, data) => cancelOperation(ctx, data, LABEL),
    },
    [APPROVE_CLEANUP]: {
      mutating: true,
      run: (ctx, data) =>
        approvePlan(ctx, opId(data), LABEL, (view, approval) =>
          buildCleanupPlanCard({
            ...(view as CleanupPlanView),
            operationId: opId(data),
            approval,
            lang: ctx.lang,
          }),
        ),
    },
  },
});

/** Delete everything: only when the environment name was typed exactly (checked, audited). */
async function confirmCleanup(ctx: CommandContext, data: ActionData): Promise<ActionResult> {
  const id = opId(data);
  const typed = typeof data[CONFIRM_INPUT] === 'string' ? data[CONFIRM_INPUT].trim() : '';
  const env = ctx.services.info.environmentName;
  if (typed !== env) {
    await ctx.audit({
      action: 'cleanup',
      plan: (await ctx.services.operations.repo.get(id))?.plan,
      result: 'denied',
      detail: 'typed confirmation did not match the environment name',
    });
    return {
      reply: textReply(
        ctx.t('lab.cleanup.mismatch', {
          typed: escapeMarkdown(typed.slice(0, 40)),
          environment: env,
        }),
      ),
    };
  }
  return confirmOperation(ctx, data, LABEL);
}
