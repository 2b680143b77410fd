import type { RegionPlan } from '../services/azure/azure-provisioner';
import type { LabNames } from '../workflows/provisioning/lab-names';
import { card, facts, planButtons, text } from './card';
import { type AdaptiveCard } from '../chat/adaptive-card';

/** What a re-run of `provision` finds already in Azure. */
export interface ExistingLab {
  /** Where the lab's Azure OpenAI account (else its resource group) is. */
  readonly region: string | undefined;
  /** Names of what exists and is kept, e.g. `aoai-llmops-lab (Succeeded)`. */
  readonly items: readonly string[];
}

export interface ProvisionPlanView {
  readonly environment: string;
  readonly names: LabNames;
  readonly plan: RegionPlan;
  readonly capacity: number;
  readonly workspaceSku: string;
  readonly nodeType: string;
  readonly autoterminationMinutes: number;
  readonly libraries: readonly string[];
  /** Whose single-user cluster it will be, and why (e.g. "a@b.c (you, from Teams)"). */
  readonly clusterOwner: string;
  readonly costLine: string;
  /** Set on a re-run: where the lab is and what of it exists (kept, not created again). */
  readonly existing?: ExistingLab;
  /** Absent for a dry run: no buttons, and the card says nothing will be created. */
  readonly operationId?: string;
}

export const PROVISION_VERBS = {
  confirm: 'provision.confirm',
  cancel: 'provision.cancel',
} as const;

const WHY: Record<'model-unavailable' | 'no-quota', string> = {
  'model-unavailable': 'model not offered',
  'no-quota': 'no quota',
};

/** One line per region decision, e.g. "eastus2 (25K TPM free); also swedencentral". */
function regionLine(plan: RegionPlan): string {
  const [first, ...rest] = plan.candidates;
  if (!first) return 'none with quota';
  const also = rest.length > 0 ? `; then ${rest.map((c) => c.region).join(', ')}` : '';
  return `${first.region} (${first.availableCapacity}K TPM free)${also}`;
}

/**
 * What `provision` will create, where, with which model and quota, and roughly what it costs
 * a month; Confirm / Cancel, or for a dry run a note that nothing was created.
 */
export function buildProvisionPlanCard(v: ProvisionPlanView): AdaptiveCard {
  const n = v.names;
  const sku = v.plan.candidates[0]?.sku ?? 'Standard';
  const excluded = v.plan.excluded.map((e) => `${e.region}: ${WHY[e.why]}`).join(', ');
  const actions = planButtons(v.operationId, PROVISION_VERBS);
  return card(
    [
      text(`Provision plan · ${v.environment}`, {
        weight: 'Bolder',
        size: 'Medium',
        style: 'heading',
      }),
      facts([
        [
          'Region',
          v.existing?.region
            ? `${v.existing.region} (the lab is already there)`
            : regionLine(v.plan),
        ],
        ...(v.existing
          ? [['Already there', `${v.existing.items.join(', ')}; kept as they are`] as const]
          : []),
        ['Model', `${v.plan.model.name} ${v.plan.model.version}`],
        ['Quota', `${sku}, ${v.capacity}K TPM needed`],
        ['Resource group', n.resourceGroup],
        ['Azure OpenAI', `${n.account} (OpenAI, S0, subdomain ${n.account})`],
        ['Deployment', `${n.deployment} (${sku} × ${v.capacity}K TPM)`],
        ['Databricks', `${n.workspace} (${v.workspaceSku})`],
        [
          'Cluster',
          `${n.cluster}: single node ${v.nodeType}, latest LTS ML runtime, stops after ${v.autoterminationMinutes} idle min`,
        ],
        ['Cluster owner', v.clusterOwner],
        ['Libraries', v.libraries.length > 0 ? v.libraries.join(', ') : 'none'],
        ['Cost', v.costLine],
      ]),
      ...(excluded
        ? [text(`Skipped regions: ${excluded}`, { size: 'Small', isSubtle: true })]
        : []),
      text(
        v.operationId
          ? 'Nothing is created until you confirm. Re-running later changes nothing that exists.'
          : '**Dry run**: nothing was created. Run `provision` without --dry-run to get Confirm.',
        { size: 'Small', spacing: 'Small' },
      ),
    ],
    actions,
  );
}
