import { z } from 'zod';
import type {
  AzureProvisioner,
  InventoryItem,
  LroControl,
} from '../../services/azure/azure-provisioner';
import { HttpClusterService } from '../../services/databricks/clusters';
import type { StepDefinition } from '../../platform/operations/operation';
import { deleteBotServingEndpoints } from './bot-serving-endpoints';
import { CLUSTER_TAG } from './lab-names';
import type { ProvisionStepDeps } from './provision-steps';
import { cleanupStepTitles, stepNote } from './step-titles';
import { guarded, sliced } from './step-helpers';

/** What a confirmed cleanup plan carries. */
export const cleanupParamsSchema = z.object({
  resourceGroup: z.string(),
  keepResourceGroup: z.boolean(),
  /** Workspace URL from the last provision (DATABRICKS_HOST wins when set). */
  workspaceUrl: z.string().optional(),
  requesterTeamsId: z.string(),
});
export type CleanupParams = z.infer<typeof cleanupParamsSchema>;

/** Cleanup reaches the same outside world as provision (one deps object serves both kinds). */
export type CleanupStepDeps = ProvisionStepDeps;

/** Billable things left, leaving out the resource group itself when it is to be kept. */
export function remainingBillable(items: readonly InventoryItem[], keepRg: boolean) {
  return items.filter((i) => i.billable && !(keepRg && i.kind === 'resource-group'));
}

type ItemKind = InventoryItem['kind'];

/**
 * One step that removes every inventory item of some kinds, one item per call: a long delete
 * saves `{name, token}` and resumes it; an empty token means "look again for the next one".
 */
function deleteEach(
  kinds: readonly ItemKind[],
  remove: (az: AzureProvisioner, item: InventoryItem, lro: LroControl) => Promise<unknown>,
): Step['run'] {
  return (ctx, deps) =>
    guarded(ctx.log, async () => {
      const saved = ctx.resumeToken
        ? (JSON.parse(ctx.resumeToken) as { item: InventoryItem; token: string })
        : undefined;
      const removed = Number(ctx.outputs[`removed:${kinds.join(',')}`] ?? 0);
      let item = saved?.item;
      if (!item) {
        const inv = await deps.azure.listInventory(ctx.operation.params.resourceGroup);
        item = inv.items.find((i) => kinds.includes(i.kind));
        if (!item) {
          return removed > 0
            ? { status: 'done', note: stepNote('removedCount', { count: removed }) }
            : { status: 'skipped', note: stepNote('noneLeft') };
        }
      }
      const current = item;
      const save = ctx.saveResumeToken;
      const r = await sliced(
        deps.sliceMs,
        saved?.token,
        (lro) => remove(deps.azure, current, lro),
        {
          ...(save ? { saveToken: (t) => save(JSON.stringify({ item: current, token: t })) } : {}),
          ...(ctx.stopSignal ? { stop: ctx.stopSignal } : {}),
        },
      );
      if ('token' in r) {
        return {
          status: 'waiting',
          pollAfterMs: deps.pollMs,
          resumeToken: JSON.stringify({ item: current, token: r.token }),
          note: stepNote('removing', { name: current.name }),
        };
      }
      ctx.outputs[`removed:${kinds.join(',')}`] = String(removed + 1);
      return {
        status: 'waiting',
        pollAfterMs: 0,
        resumeToken: '',
        note: stepNote('removedName', { name: current.name }),
      };
    });
}

/** Whether the lab workspace still exists (its clusters and endpoints go with it otherwise). */
async function workspaceHttp(deps: CleanupStepDeps, p: CleanupParams) {
  const inv = await deps.azure.listInventory(p.resourceGroup);
  if (!inv.items.some((i) => i.kind === 'databricks-workspace')) return undefined;
  return deps.databricks(p.workspaceUrl);
}

/** Teardown in dependency order, then the verification that nothing billable is left. */
type Step = StepDefinition<CleanupParams, CleanupStepDeps>;

export function cleanupSteps(p: CleanupParams): Step[] {
  const rg = p.resourceGroup;
  const titles = cleanupStepTitles(p);
  return [
    {
      id: 'cluster',
      title: titles.cluster,
      run: (ctx, deps) =>
        guarded(ctx.log, async () => {
          const http = await workspaceHttp(deps, p);
          if (!http) return { status: 'skipped', note: stepNote('noWorkspace') };
          const clusters = new HttpClusterService(http);
          // Every cluster with the lab's tag: a create repeated behind a lost answer (before
          // creates were never retried blindly) may have left a second billable one.
          const found = await clusters.listByTag(CLUSTER_TAG, ctx.operation.environment);
          if (found.length === 0) return { status: 'skipped', note: stepNote('noneFound') };
          for (const c of found) {
            await clusters.terminate(c.clusterId);
            await clusters.permanentDelete(c.clusterId);
          }
          return {
            status: 'done',
            note: stepNote('deletedNames', { names: found.map((c) => c.clusterId).join(', ') }),
          };
        }),
    },
    {
      id: 'serving-endpoints',
      title: titles['serving-endpoints'],
      run: (ctx, deps) =>
        guarded(ctx.log, async () => {
          const http = await workspaceHttp(deps, p);
          if (!http) return { status: 'skipped', note: stepNote('noWorkspace') };
          const names = await deleteBotServingEndpoints(http);
          return names.length > 0
            ? { status: 'done', note: names.join(', ') }
            : { status: 'skipped', note: stepNote('noneFound') };
        }),
    },
    {
      id: 'deployments',
      title: titles.deployments,
      run: deleteEach(['deployment'], (az, item) => {
        const [account = '', name = ''] = item.name.split('/');
        return az.deleteDeployment(rg, account, name);
      }),
    },
    {
      id: 'accounts',
      title: titles.accounts,
      run: deleteEach(['openai-account'], (az, item, lro) =>
        az.deleteOpenAIAccount(rg, item.name, lro),
      ),
    },
    {
      id: 'purge',
      title: titles.purge,
      run: deleteEach(['soft-deleted-account'], (az, item, lro) =>
        az.purgeOpenAIAccount(rg, item.name, lro),
      ),
    },
    {
      id: 'workspace',
      title: titles.workspace,
      run: deleteEach(['databricks-workspace'], (az, item, lro) =>
        az.deleteDatabricksWorkspace(rg, item.name, lro),
      ),
    },
    {
      id: 'resource-group',
      title: titles['resource-group'],
      run: p.keepResourceGroup
        ? () => Promise.resolve({ status: 'skipped', note: '--keep-resource-group' })
        : deleteEach(['resource-group', 'managed-resource-group'], (az, item, lro) =>
            az.deleteResourceGroup(item.name, lro),
          ),
    },
    {
      id: 'verify',
      title: titles.verify,
      run: (ctx, deps) =>
        guarded(ctx.log, async () => {
          const inv = await deps.azure.listInventory(rg);
          const left = remainingBillable(inv.items, p.keepResourceGroup);
          if (left.length === 0) {
            return { status: 'done', outputs: { verification: 'Nothing billable left' } };
          }
          const list = left.map((i) => `${i.name} (${i.state})`).join(', ');
          return {
            status: 'failed',
            error: stepNote('stillBillable', { list }),
          };
        }),
    },
  ];
}
