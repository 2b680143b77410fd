import type { CommandContext } from './command';

/** Whose single-user cluster `provision` creates, and where that name came from (for the card). */
export interface ClusterOwner {
  /** A Databricks user name (UPN / e-mail) or a service principal's application id. */
  readonly name: string;
  /** Where the name came from: the requester's Teams profile, or the bot's configuration. */
  readonly from: 'teams' | 'configured';
}

/** Guests' UPNs (`x_contoso.com#EXT#@…`) are not what Databricks signs them in as. */
const usableUpn = (upn: string | undefined) => (upn && !upn.includes('#EXT#') ? upn : undefined);

/**
 * The requester's Teams sign-in name (UPN, else e-mail), else the configured owner
 * (DATABRICKS_SINGLE_USER or the bot's application id). Databricks refuses an Entra object id in
 * `single_user_name`, so the requester's object id is never used, even when nothing else is known.
 */
export async function clusterOwnerOf(
  ctx: CommandContext,
  configured: string | undefined,
): Promise<ClusterOwner | undefined> {
  const member = await ctx.member();
  const own = usableUpn(member?.userPrincipalName) ?? member?.email;
  if (own) return { name: own, from: 'teams' };
  const objectId = ctx.actor.aadObjectId?.toLowerCase();
  if (configured && configured.toLowerCase() !== objectId) {
    return { name: configured, from: 'configured' };
  }
  return undefined;
}
