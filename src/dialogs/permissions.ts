import { escapeMarkdown } from '../chat/escape-markdown';
import type { Actor } from '../chat/actor';
import { describeError } from '../services/describe-error';
import type { AlertActionPolicy } from '../config/drift-config';
import { translator, type Lang } from '../chat/i18n';

export interface AdminPolicy {
  aadObjectIds: readonly string[];
  groupIds: readonly string[];
}

export interface PermissionDecision {
  allowed: boolean;
  /** In the caller's language (it is shown to them, and kept in the audit log). */
  why: string;
}

/**
 * Whether the actor's object id is in ADMIN_OBJECT_IDS: decidePermission's first rule without
 * the reason text. Every turn's context asks this (`isAdmin`); translating a reason nobody
 * reads was the largest cost of our own code per turn.
 */
export function isListedAdmin(actor: Actor, policy: AdminPolicy): boolean {
  const id = actor.aadObjectId?.toLowerCase();
  return id !== undefined && id !== '' && policy.aadObjectIds.some((a) => a.toLowerCase() === id);
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
  lang: Lang = 'en',
): PermissionDecision {
  const t = translator(lang);
  const id = actor.aadObjectId?.toLowerCase();
  if (policy.aadObjectIds.length === 0 && policy.groupIds.length === 0) {
    return { allowed: false, why: t('args.noAdmins') };
  }
  if (isListedAdmin(actor, policy)) return { allowed: true, why: t('args.byId') };
  const groups = new Set(actorGroups.map((g) => g.toLowerCase()));
  if (policy.groupIds.some((g) => groups.has(g.toLowerCase()))) {
    return { allowed: true, why: t('args.byGroup') };
  }
  return { allowed: false, why: t(id ? 'args.notListed' : 'args.noObjectId') };
}

/**
 * The refusal of a change: what was refused, the caller's id (what an operator must add; the
 * setting alone leaves them hunting for it), why, and the dry run that needs no permission.
 */
export function refusalText(
  what: string,
  actor: Actor,
  decision: PermissionDecision,
  lang: Lang = 'en',
  dryRunOf?: string,
): string {
  const t = translator(lang);
  const who = actor.aadObjectId ? t('args.yourId', { id: escapeMarkdown(actor.aadObjectId) }) : '';
  const dryRun = dryRunOf ? t('args.dryRun', { command: dryRunOf }) : '';
  return `${t('args.refusal', { what })}${who} ${decision.why}${dryRun}`;
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
  lang: Lang = 'en',
): Promise<PermissionDecision> {
  const t = translator(lang);
  const byId = decidePermission(actor, policy, [], lang);
  const id = actor.aadObjectId;
  if (byId.allowed || !id || policy.groupIds.length === 0) return byId;
  if (!directory) return byId;
  try {
    const groups = await directory.memberGroups(id, policy.groupIds);
    const decision = decidePermission(actor, policy, groups, lang);
    return decision.allowed ? decision : { allowed: false, why: t('args.notInGroups') };
  } catch (err) {
    return { allowed: false, why: describeError(err, lang) ?? t('args.groupsUnknown') };
  }
}

/**
 * Who may acknowledge or snooze a drift alert (DRIFT_ALERT_ACTIONS): silencing an alert hides it
 * from the whole channel, so by default only permitted users and the subscription's owner may.
 * `ownerKey` is the actor key of whoever ran `subscribe drift`.
 */
export function decideAlertAction(
  policy: AlertActionPolicy,
  actor: Actor & { key: string },
  isAdmin: boolean,
  ownerKey: string,
  lang: Lang = 'en',
): PermissionDecision {
  const t = translator(lang);
  const owner = actor.key === ownerKey;
  if (policy === 'anyone') return { allowed: true, why: t('args.alertAnyone') };
  if (owner) return { allowed: true, why: t('args.alertOwner') };
  if (policy === 'permitted' && isAdmin) return { allowed: true, why: t('args.alertPermitted') };
  return {
    allowed: false,
    why: t(policy === 'owner' ? 'args.alertOnlyOwner' : 'args.alertOnlyPermitted'),
  };
}
