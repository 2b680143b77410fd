import { describeError, type UserFacingError } from '../describe-error';
import { ServiceError } from '../errors';
import { GraphClient, type GraphClientOptions } from './graph-client';

/** Membership changes are rare; a few minutes keeps every click from costing a Graph call. */
export const MEMBERSHIP_TTL_MS = 5 * 60_000;

/** Why group membership could not be checked, in words an operator can act on. */
export class GroupCheckError extends Error implements UserFacingError {
  constructor(
    readonly userMessage: string,
    options?: { cause?: unknown },
  ) {
    super(userMessage, options);
    this.name = 'GroupCheckError';
  }
}

const MISSING_PERMISSION =
  "Microsoft Graph refused to check group membership (Authorization_RequestDenied): the bot's identity needs the application permissions User.Read.All and GroupMember.Read.All, with admin consent. An Entra admin grants them under App registrations → API permissions; until then, list people in ADMIN_AAD_OBJECT_IDS.";

/**
 * Transitive membership of ADMIN_GROUP_IDS, asked of Microsoft Graph and kept for a few
 * minutes per user. Only answers are cached: a refusal or an outage is asked again next time.
 */
export class GroupMembership {
  private readonly cache = new Map<string, { groups: readonly string[]; until: number }>();

  constructor(
    private readonly graph: GraphClient,
    private readonly now: () => number = Date.now,
    private readonly ttlMs = MEMBERSHIP_TTL_MS,
  ) {}

  /** The groups among `groupIds` that the user is in; throws GroupCheckError when unknown. */
  async memberGroups(aadObjectId: string, groupIds: readonly string[]): Promise<readonly string[]> {
    const key = `${aadObjectId.toLowerCase()}|${groupIds.join(',').toLowerCase()}`;
    const hit = this.cache.get(key);
    if (hit && hit.until > this.now()) return hit.groups;
    let groups: readonly string[];
    try {
      groups = await this.graph.checkMemberGroups(aadObjectId, groupIds);
    } catch (err) {
      // A user Graph does not know (a guest of another tenant) belongs to none of our groups.
      if (err instanceof ServiceError && err.reason === 'not-found') groups = [];
      else throw toGroupCheckError(err);
    }
    this.cache.set(key, { groups, until: this.now() + this.ttlMs });
    return groups;
  }
}

function toGroupCheckError(err: unknown): GroupCheckError {
  if (err instanceof ServiceError && err.reason === 'forbidden') {
    return new GroupCheckError(MISSING_PERMISSION, { cause: err });
  }
  const why =
    describeError(err) ??
    "The bot's Azure identity could not sign in to Microsoft Graph; check the identity settings (docs/configuration.md).";
  return new GroupCheckError(`Group membership (ADMIN_GROUP_IDS) could not be checked. ${why}`, {
    cause: err,
  });
}

/** The membership check for ADMIN_GROUP_IDS; undefined when no group is listed (no Graph call). */
export function groupMembership(
  groupIds: readonly string[],
  graph: GraphClientOptions,
): GroupMembership | undefined {
  return groupIds.length > 0 ? new GroupMembership(new GraphClient(graph)) : undefined;
}
