import type { InventoryItem } from '../services/azure/azure-provisioner';
import { card, facts, planButtons, text } from './card';
import { type AdaptiveCard } from '../chat/adaptive-card';
import { approvalNote, withApprove, type PlanApproval } from './plan-approval';

export const CLEANUP_VERBS = { confirm: 'cleanup.confirm', cancel: 'cleanup.cancel' } as const;
export const APPROVE_CLEANUP = 'cleanup.approve';

/** The Input.Text id whose value must equal the environment name. */
export const CONFIRM_INPUT = 'confirmEnvironment';

export interface CleanupPlanView {
  readonly environment: string;
  readonly resourceGroup: string;
  readonly items: readonly InventoryItem[];
  readonly keepResourceGroup: boolean;
  readonly operationId?: string;
  /** Shown above the input after a mismatch. */
  readonly error?: string;
  /** Present when another permitted user must approve (APPROVALS_REQUIRED=2). */
  readonly approval?: PlanApproval;
}

const KIND_LABEL: Record<InventoryItem['kind'], string> = {
  'resource-group': 'Resource group',
  'openai-account': 'Azure OpenAI',
  deployment: 'Deployment',
  'databricks-workspace': 'Databricks',
  'managed-resource-group': 'Managed RG',
  'soft-deleted-account': 'Soft-deleted',
};

/**
 * What `cleanup` will remove (from the live inventory), and the typed confirmation: the user
 * must type the environment name, so a stray click cannot delete a lab.
 */
export function buildCleanupPlanCard(v: CleanupPlanView): AdaptiveCard {
  const rows = v.items
    .filter((i) => !(v.keepResourceGroup && i.kind === 'resource-group'))
    .map((i) => [KIND_LABEL[i.kind], `${i.name} (${i.state})`] as const);
  const actions = withApprove(
    planButtons(v.operationId, CLEANUP_VERBS, { title: 'Delete everything', style: 'destructive' }),
    v.operationId,
    APPROVE_CLEANUP,
    v.approval,
  );
  return card(
    [
      text(`Clean-up plan · ${v.environment}`, {
        weight: 'Bolder',
        size: 'Medium',
        style: 'heading',
      }),
      text('Also: the lab cluster and serving endpoints the bot created, if any.', {
        size: 'Small',
        isSubtle: true,
        spacing: 'None',
      }),
      rows.length > 0 ? facts(rows) : text('Azure holds nothing of this lab.'),
      text(
        v.keepResourceGroup
          ? `Resource group ${v.resourceGroup} is kept (empty).`
          : 'The OpenAI account is purged after deletion, so its name is free at once.',
        { size: 'Small' },
      ),
      ...(v.error ? [text(`✖ ${v.error}`, { color: 'Attention', weight: 'Bolder' })] : []),
      ...(v.operationId ? approvalNote(v.approval) : []),
      ...(v.operationId
        ? [
            {
              type: 'Input.Text',
              id: CONFIRM_INPUT,
              label: `Type ${v.environment} to confirm`,
              placeholder: v.environment,
              isRequired: true,
              errorMessage: `Type ${v.environment}`,
            },
          ]
        : [text('**Dry run**: nothing was deleted.', { size: 'Small' })]),
    ],
    actions,
  );
}
