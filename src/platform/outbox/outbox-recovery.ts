import type { UpdateQueryBuilder, UpdateResult } from 'kysely';
import type { Store } from '../store/store';
import type { Tables } from '../store/tables';

/**
 * A message left in 'sending' by a replica that died (its lease ran out before `expiredBefore`)
 * may or may not have reached Teams. Updates are safe to repeat, so they go back to pending; new
 * messages are parked as 'uncertain' rather than risk a duplicate the user can see.
 */
export async function recoverInterrupted(
  db: Store['db'],
  expiredBefore: number,
  now: number,
): Promise<{ retried: number; uncertain: number }> {
  const abandoned = (q: UpdateQueryBuilder<Tables, 'outbox', 'outbox', UpdateResult>): typeof q =>
    q
      .where('status', '=', 'sending')
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', expiredBefore)]));
  const retried = await abandoned(
    db
      .updateTable('outbox')
      .set({
        status: 'pending',
        next_attempt_at: now,
        claimed_by: null,
        lease_until: null,
        updated_at: now,
      })
      .where('kind', '=', 'update'),
  ).executeTakeFirst();
  const uncertain = await abandoned(
    db.updateTable('outbox').set({
      status: 'uncertain',
      last_error: 'interrupted during send',
      claimed_by: null,
      lease_until: null,
      updated_at: now,
    }),
  ).executeTakeFirst();
  return {
    retried: Number(retried.numUpdatedRows),
    uncertain: Number(uncertain.numUpdatedRows),
  };
}
