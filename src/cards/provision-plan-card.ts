import type { RegionPlan } from '../services/azure/azure-provisioner';
import type { LabNames } from '../workflows/provisioning/lab-names';
import { card, facts, planButtons, text } from './card';
import { type AdaptiveCard } from '../chat/adaptive-card';
import { translator, type Lang, type Translate } from '../chat/i18n';

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
  /** The reader's language; English when not given. */
  readonly lang?: Lang;
}

export const PROVISION_VERBS = {
  confirm: 'provision.confirm',
  cancel: 'provision.cancel',
} as const;

const WHY = {
  'model-unavailable': 'lab.plan.whyModelUnavailable',
  'no-quota': 'lab.plan.whyNoQuota',
} as const;

/** One line per region decision, e.g. "eastus2 (25K TPM free); then swedencentral". */
function regionLine(plan: RegionPlan, t: Translate): string {
  const [first, ...rest] = plan.candidates;
  if (!first) return t('lab.plan.regionNone');
  const also =
    rest.length > 0
      ? t('lab.plan.regionThen', { regions: rest.map((c) => c.region).join(', ') })
      : '';
  return t('lab.plan.regionFirst', {
    region: first.region,
    capacity: first.availableCapacity,
    also,
  });
}

/**
 * What `provision` will create, where, with which model and quota, and roughly what it costs
 * a month; Confirm / Cancel, or for a dry run a note that nothing was created.
 */
export function buildProvisionPlanCard(v: ProvisionPlanView): AdaptiveCard {
  const lang = v.lang ?? 'en';
  const t = translator(lang);
  const n = v.names;
  const sku = v.plan.candidates[0]?.sku ?? 'Standard';
  const excluded = v.plan.excluded
    .map((e) => t('lab.plan.excludedRegion', { region: e.region, why: t(WHY[e.why]) }))
    .join(', ');
  const actions = planButtons(v.operationId, PROVISION_VERBS, undefined, lang);
  return card(
    [
      text(t('lab.plan.title', { environment: v.environment }), {
        weight: 'Bolder',
        size: 'Medium',
        style: 'heading',
      }),
      facts([
        [
          t('lab.plan.region'),
          v.existing?.region
            ? t('lab.plan.regionExisting', { region: v.existing.region })
            : regionLine(v.plan, t),
        ],
        ...(v.existing
          ? [
              [
                t('lab.plan.alreadyThere'),
                t('lab.plan.alreadyThereValue', { items: v.existing.items.join(', ') }),
              ] as const,
            ]
          : []),
        [t('lab.plan.model'), `${v.plan.model.name} ${v.plan.model.version}`],
        [t('lab.plan.quota'), t('lab.plan.quotaValue', { sku, capacity: v.capacity })],
        [t('lab.plan.resourceGroup'), n.resourceGroup],
        [t('lab.name.azureOpenAI'), t('lab.plan.accountValue', { account: n.account })],
        [t('lab.plan.deployment'), `${n.deployment} (${sku} × ${v.capacity}K TPM)`],
        [t('lab.name.databricks'), `${n.workspace} (${v.workspaceSku})`],
        [
          t('lab.name.cluster'),
          t('lab.plan.clusterValue', {
            cluster: n.cluster,
            nodeType: v.nodeType,
            minutes: v.autoterminationMinutes,
          }),
        ],
        [t('lab.plan.clusterOwner'), v.clusterOwner],
        [
          t('lab.plan.libraries'),
          v.libraries.length > 0 ? v.libraries.join(', ') : t('lab.plan.librariesNone'),
        ],
        [t('lab.plan.cost'), v.costLine],
      ]),
      ...(excluded
        ? [text(t('lab.plan.skipped', { regions: excluded }), { size: 'Small', isSubtle: true })]
        : []),
      text(v.operationId ? t('lab.plan.confirmNote') : t('lab.plan.dryRunNote'), {
        size: 'Small',
        spacing: 'Small',
      }),
    ],
    actions,
  );
}
