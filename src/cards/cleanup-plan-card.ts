import type { InventoryItem } from '../services/azure/azure-provisioner';
import { card, facts, planButtons, text } from './card';
import { type AdaptiveCard } from '../chat/adaptive-card';
import { translator, type Lang, type MessageKey } from '../chat/i18n';
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
  /** The reader's language; English when not given. */
  readonly lang?: Lang;
}

const KIND_LABEL: Record<InventoryItem['kind'], MessageKey> = {
  'resource-group': 'lab.cleanup.kind.resourceGroup',
  'openai-account': 'lab.name.azureOpenAI',
  deployment: 'lab.cleanup.kind.deployment',
  'databricks-workspace': 'lab.name.databricks',
  'managed-resource-group': 'lab.cleanup.kind.managedGroup',
  'soft-deleted-account': 'lab.cleanup.kind.softDeleted',
};

/**
 * What `cleanup` will remove (from the live inventory), and the typed confirmation: the user
 * must type the environment name, so a stray click cannot delete a lab.
 */
export function buildCleanupPlanCard(v: CleanupPlanView): AdaptiveCard {
  const lang = v.lang ?? 'en';
  const t = translator(lang);
  const rows = v.items
    .filter((i) => !(v.keepResourceGroup && i.kind === 'resource-group'))
    .map((i) => [t(KIND_LABEL[i.kind]), `${i.name} (${i.state})`] as const);
  const confirm = { title: t('lab.cleanup.deleteEverything'), style: 'destructive' as const };
  const actions = withApprove(
    planButtons(v.operationId, CLEANUP_VERBS, confirm, lang),
    v.operationId,
    APPROVE_CLEANUP,
    v.approval,
    lang,
  );
  const environment = v.environment;
  return card(
    [
      text(t('lab.cleanup.title', { environment }), {
        weight: 'Bolder',
        size: 'Medium',
        style: 'heading',
      }),
      text(t('lab.cleanup.also'), {
        size: 'Small',
        isSubtle: true,
        spacing: 'None',
      }),
      rows.length > 0 ? facts(rows) : text(t('lab.cleanup.nothing')),
      text(
        v.keepResourceGroup
          ? t('lab.cleanup.keptGroup', { rg: v.resourceGroup })
          : t('lab.cleanup.purged'),
        { size: 'Small' },
      ),
      ...(v.error ? [text(`✖ ${v.error}`, { color: 'Attention', weight: 'Bolder' })] : []),
      ...(v.operationId ? approvalNote(v.approval, lang) : []),
      ...(v.operationId
        ? [
            {
              type: 'Input.Text',
              id: CONFIRM_INPUT,
              label: t('lab.cleanup.typeToConfirm', { environment }),
              placeholder: environment,
              isRequired: true,
              errorMessage: t('lab.cleanup.typeIt', { environment }),
            },
          ]
        : [text(t('lab.cleanup.dryRun'), { size: 'Small' })]),
    ],
    actions,
  );
}
