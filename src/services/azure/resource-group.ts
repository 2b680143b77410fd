import { toAzureError } from './arm-error-mapping';
import type { ArmContext } from './arm-context';
import type { ResourceGroupSpec } from './azure-provisioner';

/** Tags that let anyone find who made a resource group and for which lab environment. */
export const rgTags = (spec: ResourceGroupSpec): Record<string, string> => ({
  'created-by': 'llmops-teams-bot',
  requester: spec.requester,
  environment: spec.environment,
});

/**
 * Creates the resource group, or leaves it alone when it already exists with our tags (a PUT
 * is idempotent, but skipping it keeps a re-run from touching anything).
 */
export async function ensureResourceGroup(
  ctx: ArmContext,
  spec: ResourceGroupSpec,
): Promise<{ name: string; created: boolean }> {
  const rm = ctx.clients.resources;
  try {
    if (await rm.resourceGroups.checkExistence(spec.name).then((r) => r.body)) {
      const existing = await rm.resourceGroups.get(spec.name);
      const tags = existing.tags ?? {};
      const want = rgTags(spec);
      if (Object.entries(want).every(([k, v]) => k === 'requester' || tags[k] === v)) {
        return { name: existing.name ?? spec.name, created: false };
      }
      await rm.resourceGroups.createOrUpdate(spec.name, {
        location: existing.location,
        tags: { ...tags, ...want, requester: tags.requester ?? spec.requester },
      });
      return { name: spec.name, created: false };
    }
    await rm.resourceGroups.createOrUpdate(spec.name, {
      location: spec.location,
      tags: rgTags(spec),
    });
    return { name: spec.name, created: true };
  } catch (err) {
    throw toAzureError(err, { resourceName: spec.name });
  }
}
