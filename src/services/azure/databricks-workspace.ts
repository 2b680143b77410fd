import type { Workspace } from '@azure/arm-databricks';
import { toAzureError } from './arm-error-mapping';
import { randomSuffix, type ArmContext } from './arm-context';
import type { DeleteOutcome, WorkspaceResult, WorkspaceSpec } from './azure-provisioner';
import { runLro, type LroControl } from './lro';
import { withProviderRegistration } from './provider-registration';

const NS = 'Microsoft.Databricks';

async function getWorkspace(
  ctx: ArmContext,
  rg: string,
  name: string,
): Promise<Workspace | undefined> {
  try {
    return await ctx.clients.databricks.workspaces.get(rg, name);
  } catch (err) {
    const e = toAzureError(err, { resourceName: name });
    if (e.azureReason === 'not-found') return undefined;
    throw e;
  }
}

const toResult = (w: Workspace, created: boolean): WorkspaceResult => ({
  name: w.name ?? '',
  workspaceUrl: w.workspaceUrl ? `https://${w.workspaceUrl}` : '',
  workspaceId: w.workspaceId ?? '',
  managedResourceGroupId: w.managedResourceGroupId,
  created,
});

/**
 * Creates the Databricks workspace (api 2023-02-01, "classic") in the lab's resource group and
 * region with a fresh managed resource group, which must not exist (Databricks creates and
 * locks it). A workspace left Failed by an earlier attempt is deleted first, because ARM keeps
 * failed workspaces. An unregistered provider is registered and waited for.
 */
export async function ensureDatabricksWorkspace(
  ctx: ArmContext,
  spec: WorkspaceSpec,
  lro: LroControl = {},
): Promise<WorkspaceResult> {
  const subscription = ctx.clients.subscriptionId;
  const mrgName =
    spec.managedResourceGroupName ?? `databricks-rg-${spec.name}-${randomSuffix(ctx.rng)}`;
  const body: Workspace = {
    location: spec.location,
    sku: { name: spec.sku ?? ctx.workspaceSku },
    managedResourceGroupId: `/subscriptions/${subscription}/resourceGroups/${mrgName}`,
    tags: { ...(spec.tags ?? {}) },
  };
  if (!lro.resumeFrom) {
    const existing = await getWorkspace(ctx, spec.resourceGroup, spec.name);
    const state = existing?.provisioningState;
    if (existing && state === 'Succeeded') return toResult(existing, false);
    if (existing && state === 'Failed') {
      await deleteDatabricksWorkspace(ctx, spec.resourceGroup, spec.name);
    } else if (existing) {
      body.managedResourceGroupId = existing.managedResourceGroupId;
    }
  }
  const w = await withProviderRegistration(ctx, NS, () =>
    runLro(
      (o) =>
        ctx.clients.databricks.workspaces.beginCreateOrUpdate(
          spec.resourceGroup,
          spec.name,
          body,
          o,
        ),
      lro,
      ctx.pollIntervalMs,
      { region: spec.location, resourceName: spec.name },
    ),
  );
  return toResult(w, true);
}

/** Deletes the workspace; ARM removes its managed resource group with it. */
export async function deleteDatabricksWorkspace(
  ctx: ArmContext,
  rg: string,
  name: string,
  lro: LroControl = {},
): Promise<DeleteOutcome> {
  if (!lro.resumeFrom && !(await getWorkspace(ctx, rg, name))) return 'absent';
  await runLro(
    (o) => ctx.clients.databricks.workspaces.beginDelete(rg, name, o),
    lro,
    ctx.pollIntervalMs,
    { resourceName: name },
  ).catch((err: unknown) => {
    if (toAzureError(err).azureReason !== 'not-found') throw err;
  });
  return 'deleted';
}
