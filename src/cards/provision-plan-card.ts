import type { RegionPlan } from '../services/azure/azure-provisioner';
import type { LabNames } from '../workflows/provisioning/lab-names';
import { card, facts, planButtons, text } from './card';
import { type AdaptiveCard } from '../chat/adaptive-card';

export interface ProvisionPlanView {
  readonly environment: string;
  readonly names: LabNames;
  readonly plan: RegionPlan;
  readonly capacity: number;
  readonly workspaceSku: string;
  readonly nodeType: string;
  readonly autoterminationMinutes: number;
  readonly libraries: readonly string[];
  readonly clusterOwner: string;
  readonly costLine: string;
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
        ['Region', regionLine(v.plan)],
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
        ['Owner', v.clusterOwner],
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
