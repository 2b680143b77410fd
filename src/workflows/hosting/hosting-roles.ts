import { createHash } from 'node:crypto';
import { toAzureError } from '../../services/azure/arm-error-mapping';
import { found, step, type HostingContext } from './hosting-context';
import type { BotIdentity } from './hosting-data';

/**
 * What the bot's identity may do, and why (docs/deploy.md repeats this). Both are on the
 * subscription: the lab's `provision` creates its own resource group and registers providers,
 * and its `cleanup` deletes that group — a role on the group would be deleted with it, and the
 * next `provision` could not create the group again. Nothing else is granted: the bot's own
 * hosting group is not writable by the bot.
 */
export const BOT_ROLES = [
  {
    name: 'Contributor',
    id: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
    why: 'create and delete the lab: its resource group, Azure OpenAI, Databricks',
  },
  {
    name: 'Cognitive Services OpenAI User',
    id: '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd',
    why: 'call the lab model with its own token (data plane; Contributor does not include it)',
  },
] as const;

/** Entra needs a while to show a new identity to Azure RBAC; this bounds the wait. */
const PRINCIPAL_ATTEMPTS = 12;

/** A GUID fixed by its inputs, so a re-run finds the assignment it made instead of adding one. */
export function stableGuid(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('|').toLowerCase()).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const subscriptionScope = (ctx: HostingContext) =>
  `/subscriptions/${ctx.clients.subscriptionId}`;

export const roleDefinitionId = (ctx: HostingContext, roleId: string) =>
  `${subscriptionScope(ctx)}/providers/Microsoft.Authorization/roleDefinitions/${roleId}`;

export const assignmentName = (ctx: HostingContext, roleId: string, principalId: string) =>
  stableGuid(subscriptionScope(ctx), roleId, principalId);

const codeOf = (err: unknown) => toAzureError(err).info.code?.toLowerCase();

export async function ensureRoles(ctx: HostingContext, identity: BotIdentity): Promise<void> {
  const ra = ctx.clients.authorization.roleAssignments;
  const scope = subscriptionScope(ctx);
  for (const role of BOT_ROLES) {
    await step(ctx, `Role ${role.name} on the subscription`, role.name, async () => {
      const name = assignmentName(ctx, role.id, identity.principalId);
      if (await found(() => ra.get(scope, name))) return { value: undefined, created: false };
      for (let attempt = 1; ; attempt++) {
        try {
          await ra.create(scope, name, {
            roleDefinitionId: roleDefinitionId(ctx, role.id),
            principalId: identity.principalId,
            principalType: 'ServicePrincipal',
          });
          return { value: undefined, created: true };
        } catch (err) {
          const code = codeOf(err);
          // Someone (or an older run) granted the same role under another name: that is enough.
          if (code === 'roleassignmentexists') {
            return { value: undefined, created: false, detail: 'already granted' };
          }
          if (code !== 'principalnotfound' || attempt >= PRINCIPAL_ATTEMPTS) throw err;
          await ctx.sleep(ctx.pollIntervalMs);
        }
      }
    });
  }
}
