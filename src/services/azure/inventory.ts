import { toAzureError } from './arm-error-mapping';
import { collect, type ArmContext } from './arm-context';
import type { DeleteOutcome, Inventory, InventoryItem } from './azure-provisioner';
import { runLro, type LroControl } from './lro';

/** ARM locations come as `swedencentral` or `Sweden Central`; plans use the short form. */
const at = (location: string | undefined) =>
  location ? { location: location.toLowerCase().replace(/\s+/g, '') } : {};

async function orEmpty<T>(list: () => Promise<T[]>): Promise<T[]> {
  try {
    return await list();
  } catch (err) {
    const e = toAzureError(err);
    if (e.azureReason === 'not-found') return [];
    throw e;
  }
}

/**
 * Lists what the lab environment still holds in Azure: the resource group, accounts and their
 * deployments, workspaces, Databricks-managed resource groups (found by `managedBy`, so an
 * orphan shows up too) and soft-deleted accounts, which are free but block the name.
 */
export async function listInventory(ctx: ArmContext, rg: string): Promise<Inventory> {
  const { resources, cognitive, databricks } = ctx.clients;
  const items: InventoryItem[] = [];
  const groups = await orEmpty(() => collect(resources.resourceGroups.list()));
  const mine = `/resourcegroups/${rg}/providers/microsoft.databricks/`.toLowerCase();
  for (const g of groups) {
    const state = g.properties?.provisioningState ?? 'Unknown';
    if (g.name?.toLowerCase() === rg.toLowerCase()) {
      items.push({
        kind: 'resource-group',
        name: g.name,
        state,
        billable: true,
        ...at(g.location),
      });
    } else if (g.managedBy?.toLowerCase().includes(mine)) {
      items.push({ kind: 'managed-resource-group', name: g.name ?? '', state, billable: true });
    }
  }
  for (const a of await orEmpty(() => collect(cognitive.accounts.listByResourceGroup(rg)))) {
    const name = a.name ?? '';
    items.push({
      kind: 'openai-account',
      name,
      state: a.properties?.provisioningState ?? 'Unknown',
      billable: true,
      ...at(a.location),
    });
    for (const d of await orEmpty(() => collect(cognitive.deployments.list(rg, name)))) {
      items.push({
        kind: 'deployment',
        name: `${name}/${d.name ?? ''}`,
        state: d.properties?.provisioningState ?? 'Unknown',
        billable: true,
      });
    }
  }
  for (const w of await orEmpty(() => collect(databricks.workspaces.listByResourceGroup(rg)))) {
    items.push({
      kind: 'databricks-workspace',
      name: w.name ?? '',
      state: w.provisioningState ?? 'Unknown',
      billable: true,
      ...at(w.location),
    });
  }
  const suffix = `/resourcegroups/${rg}/deletedaccounts/`.toLowerCase();
  for (const d of await orEmpty(() => collect(cognitive.deletedAccounts.list()))) {
    if (d.id?.toLowerCase().includes(suffix)) {
      items.push({
        kind: 'soft-deleted-account',
        name: d.name ?? '',
        state: 'SoftDeleted',
        billable: false,
      });
    }
  }
  return { items, nothingBillableLeft: items.every((i) => !i.billable) };
}

/** Deletes the resource group and everything left in it (accounts inside become soft-deleted). */
export async function deleteResourceGroup(
  ctx: ArmContext,
  rg: string,
  lro: LroControl = {},
): Promise<DeleteOutcome> {
  try {
    if (!lro.resumeFrom && !(await ctx.clients.resources.resourceGroups.checkExistence(rg)).body) {
      return 'absent';
    }
  } catch (err) {
    throw toAzureError(err, { resourceName: rg });
  }
  await runLro(
    (o) => ctx.clients.resources.resourceGroups.beginDelete(rg, o),
    lro,
    ctx.pollIntervalMs,
    { resourceName: rg },
  );
  return 'deleted';
}
