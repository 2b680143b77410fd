import type { Store } from '../store/store';
import type { Operation } from './operation';

// The lease half of a lock row: which replica runs the locked operation, and until when. A lock
// (operation-repository.ts) keeps two operations on one environment apart; its lease keeps two
// replicas off one operation, and lets another take over once the lease has run out.

/**
 * Makes `owner` the replica running the operation until `leaseUntil`, unless another
 * replica holds a lease that has not run out. A running operation whose lock row is missing
 * (written before locks were leases) gets one.
 */
export async function takeLease(
  db: Store['db'],
  name: string,
  op: Operation,
  owner: string,
  now: number,
  leaseUntil: number,
): Promise<boolean> {
  const taken = await db
    .updateTable('locks')
    .set({ owner, lease_until: leaseUntil })
    .where('operation_id', '=', op.id)
    .where((eb) =>
      eb.or([eb('owner', 'is', null), eb('owner', '=', owner), eb('lease_until', '<', now)]),
    )
    .executeTakeFirst();
  if (Number(taken.numUpdatedRows) === 1) return true;
  const inserted = await db
    .insertInto('locks')
    .values({
      name,
      operation_id: op.id,
      holder_name: op.requesterName ?? op.requesterId,
      acquired_at: now,
      owner,
      lease_until: leaseUntil,
    })
    .onConflict((oc) => oc.column('name').doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** The heartbeat: extends every lease `owner` holds; one statement however many it runs. */
export async function renewLeases(
  db: Store['db'],
  owner: string,
  leaseUntil: number,
): Promise<number> {
  const res = await db
    .updateTable('locks')
    .set({ lease_until: leaseUntil })
    .where('owner', '=', owner)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** On a graceful stop: another replica (or this one restarted) may go on at once. */
export async function releaseLeases(db: Store['db'], owner: string): Promise<void> {
  await db
    .updateTable('locks')
    .set({ owner: null, lease_until: null })
    .where('owner', '=', owner)
    .execute();
}
