import type { Inventory } from '../services/azure/azure-provisioner';
import type { ExistingLab } from '../cards/provision-plan-card';
import type { LabNames } from '../workflows/provisioning/lab-names';

/**
 * The lab's resources that already exist, or undefined when its resource group does not.
 * Soft-deleted accounts and managed groups are left out: provision does not reuse them as such.
 */
export function existingLab(inventory: Inventory, names: LabNames): ExistingLab | undefined {
  const kept = inventory.items.filter(
    (i) => i.kind !== 'soft-deleted-account' && i.kind !== 'managed-resource-group',
  );
  const group = kept.find((i) => i.kind === 'resource-group');
  if (!group) return undefined;
  const account = kept.find(
    (i) => i.kind === 'openai-account' && i.name.toLowerCase() === names.account.toLowerCase(),
  );
  return {
    region: account?.location ?? group.location,
    items: kept.map((i) => `${i.name} (${i.state})`),
  };
}
