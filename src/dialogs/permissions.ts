import { escapeMarkdown } from '../chat/escape-markdown';
import type { Actor } from '../chat/actor';
import { describeError } from '../services/describe-error';

export interface AdminPolicy {
  aadObjectIds: readonly string[];
  groupIds: readonly string[];
}

export interface PermissionDecision {
  allowed: boolean;
  why: string;
}

/**
 * Who may run mutating commands. Identity is the Entra object id: display names can be
 * changed by their owners, and Teams user ids differ per bot.
 * Groups are matched against `actorGroups`; `checkPermission` asks the directory for them.
 */
export function decidePermission(
  actor: Actor,
  policy: AdminPolicy,
  actorGroups: readonly string[] = [],
): PermissionDecision {
  const id = actor.aadObjectId?.toLowerCase();
  if (policy.aadObjectIds.length === 0 && policy.groupIds.length === 0) {
    return {
      allowed: false,
      why: 'No one may run changes: ADMIN_AAD_OBJECT_IDS is empty. An operator must add Entra object ids to it.',
    };
  }
  if (id && policy.aadObjectIds.some((a) => a.toLowerCase() === id)) {
    return { allowed: true, why: 'Your Entra object id is listed in ADMIN_AAD_OBJECT_IDS.' };
  }
  const groups = new Set(actorGroups.map((g) => g.toLowerCase()));
  if (policy.groupIds.some((g) => groups.has(g.toLowerCase()))) {
    return { allowed: true, why: 'You belong to a group listed in ADMIN_GROUP_IDS.' };
  }
  return {
    allowed: false,
    why: id
      ? 'Changes are granted by the setting ADMIN_AAD_OBJECT_IDS (Entra object ids) and yours is not in it; ask an operator to add it and restart the bot.'
      : 'Your client did not send an Entra object id, so the bot cannot check your permission.',
  };
}

/**
 * The refusal of a change: what was refused, the caller's id (what an operator must add; the
 * setting alone leaves them hunting for it), why, and the dry run that needs no permission.
 */
export function refusalText(
  what: string,
  actor: Actor,
  decision: PermissionDecision,
  dryRunOf?: string,
): string {
  const who = actor.aadObjectId
    ? ` Your id is ${escapeMarkdown(actor.aadObjectId)} (see \`whoami\`).`
    : '';
  const dryRun = dryRunOf
    ? ` \`${dryRunOf} --dry-run\` shows the plan without changing anything and needs no permission.`
    : '';
  return `You may not ${what}.${who} ${decision.why}${dryRun}`;
}

/** Transitive group membership from the directory (Microsoft Graph, services/graph). */
export interface GroupDirectory {
  /** The groups among `groupIds` that the user is in; throws a user-facing error when unknown. */
  memberGroups(aadObjectId: string, groupIds: readonly string[]): Promise<readonly string[]>;
}

/**
 * The permission of a caller, asking the directory only when the object id alone does not
 * decide it and ADMIN_GROUP_IDS is set. A failed lookup refuses and says why, so an operator
 * learns that a Graph permission is missing rather than seeing a plain "no".
 */
export async function checkPermission(
  actor: Actor,
  policy: AdminPolicy,
  directory: GroupDirectory | undefined,
): Promise<PermissionDecision> {
  const byId = decidePermission(actor, policy);
  const id = actor.aadObjectId;
  if (byId.allowed || !id || policy.groupIds.length === 0) return byId;
  if (!directory) return byId;
  try {
    const groups = await directory.memberGroups(id, policy.groupIds);
    const decision = decidePermission(actor, policy, groups);
    return decision.allowed
      ? decision
      : {
          allowed: false,
          why: 'Changes are granted by ADMIN_AAD_OBJECT_IDS (Entra object ids) and ADMIN_GROUP_IDS (Entra groups, nested ones count); you are in neither. Ask an operator to add you to one of the groups or your id to the list.',
        };
  } catch (err) {
    return {
      allowed: false,
      why:
        describeError(err) ??
        'Your group membership (ADMIN_GROUP_IDS) could not be checked; try again in a minute.',
    };
  }
}
