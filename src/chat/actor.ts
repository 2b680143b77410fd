/** Who sent a turn or clicked a button. `aadObjectId` is the stable identity for permissions. */
export interface Actor {
  id: string;
  aadObjectId: string | undefined;
  name: string | undefined;
}

/**
 * The key an actor is stored and compared under: the Entra object id when Teams sends one
 * (stable across channels and devices), else the channel account id.
 */
export const actorKey = (actor: Pick<Actor, 'id' | 'aadObjectId'>): string =>
  actor.aadObjectId ?? actor.id;

/**
 * What Teams knows about the sender beyond the activity (TeamsInfo.getMember): the names
 * other services sign people in by. Either may be missing (guests, bots, the playground).
 */
export interface MemberProfile {
  userPrincipalName: string | undefined;
  email: string | undefined;
}
