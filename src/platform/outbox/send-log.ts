import { sql, type Kysely } from 'kysely';
import type { Store } from '../store/store';
import type { Tables } from '../store/tables';
import { earliestSlot, horizonOf, TEAMS_SEND_LIMITS, type SendLimits } from './rate-limiter';

/** The advisory lock every replica's budget decision holds: a fixed 64-bit key ("outbox budget"). */
export const OUTBOX_BUDGET_LOCK_KEY = 7_304_519_230_511_301n;

/** Whether a thread may send now: yes; not while its previous send is in flight; or not before `at`. */
export type SlotDecision =
  | { kind: 'open' }
  | { kind: 'busy' }
  /** `tenant`: the app-wide budget binds, so no other thread may send before `at` either. */
  | { kind: 'wait'; at: number; tenant: boolean };

/** A statement runner: the store's builder or a transaction of it. */
type Executor = Kysely<Tables>;

/**
 * The send budget every replica shares, and the durable record it is decided from. Teams' limits
 * are per conversation and per app and tenant, not per process: each send's span (start until its
 * answer is back) is a row in outbox_sends, and a send may start only if, counted from those rows,
 * it fits every window. The decision runs under one advisory lock (PostgreSQL; SQLite's single
 * connection serializes it already), so two replicas never both take the last slot, and a process
 * that starts after a crash sees what the dead one sent.
 */
export class OutboxSendLog {
  private readonly tenantHorizon: number;
  private readonly threadHorizon: number;

  constructor(
    private readonly store: Store,
    readonly limits: SendLimits = TEAMS_SEND_LIMITS,
  ) {
    this.tenantHorizon = horizonOf(limits.tenant);
    this.threadHorizon = horizonOf(limits.thread);
  }

  /** How far back a send can still matter to a window. */
  get horizonMs(): number {
    return Math.max(this.tenantHorizon, this.threadHorizon);
  }

  /** Takes the budget lock until `trx` ends: budget decisions of all replicas queue here. */
  async lock(trx: Executor): Promise<void> {
    if (this.store.kind === 'postgres')
      await sql`SELECT pg_advisory_xact_lock(${OUTBOX_BUDGET_LOCK_KEY.toString()}::bigint)`.execute(
        trx,
      );
  }

  /** Decides, from the logged spans, whether `threadKey` may start a send at `now` (under `lock`). */
  async decide(trx: Executor, threadKey: string, now: number): Promise<SlotDecision> {
    const thread = await this.ends(trx, now - this.threadHorizon, threadKey);
    // One send per thread at a time keeps each thread's messages in order, across replicas too.
    if (thread.includes(undefined)) return { kind: 'busy' };
    const tenantAt = earliestSlot(
      await this.ends(trx, now - this.tenantHorizon),
      this.limits.tenant,
      now,
    );
    const threadAt = earliestSlot(thread, this.limits.thread, now);
    if (tenantAt > now) return { kind: 'wait', at: Math.max(tenantAt, threadAt), tenant: true };
    if (threadAt > now) return { kind: 'wait', at: threadAt, tenant: false };
    return { kind: 'open' };
  }

  /** Ends of the spans (undefined: in flight) that may occupy a window reaching back to `since`. */
  private async ends(
    trx: Executor,
    since: number,
    threadKey?: string,
  ): Promise<(number | undefined)[]> {
    let q = trx
      .selectFrom('outbox_sends')
      .select('ended_at')
      .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>', since)]));
    if (threadKey !== undefined) q = q.where('thread_key', '=', threadKey);
    return (await q.execute()).map((r) => r.ended_at ?? undefined);
  }

  /** Records a send starting at `at`, held by `replica` until `leaseUntil`; returns its id. */
  async start(
    trx: Executor,
    threadKey: string,
    at: number,
    lease: { replica: string; until: number },
  ): Promise<number> {
    const row = await trx
      .insertInto('outbox_sends')
      .values({
        thread_key: threadKey,
        started_at: at,
        replica: lease.replica,
        lease_until: lease.until,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  }

  async complete(id: number, at: number): Promise<void> {
    await this.store.db
      .updateTable('outbox_sends')
      .set({ ended_at: at, lease_until: null })
      .where('id', '=', id)
      .execute();
  }

  /** Extends the leases of `replica`'s sends still in flight. */
  async renew(replica: string, until: number): Promise<void> {
    await this.store.db
      .updateTable('outbox_sends')
      .set({ lease_until: until })
      .where('replica', '=', replica)
      .where('ended_at', 'is', null)
      .execute();
  }

  /**
   * A send whose lease ran out before `expiredBefore` belongs to a process that died: it reached
   * Teams before then or never; either way it is over now, so it ends at `now`.
   */
  async closeAbandoned(now: number, expiredBefore: number): Promise<number> {
    const res = await this.store.db
      .updateTable('outbox_sends')
      .set({ ended_at: now, lease_until: null })
      .where('ended_at', 'is', null)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', expiredBefore)]))
      .executeTakeFirst();
    return Number(res.numUpdatedRows);
  }

  /** Forgets sends that ended before `before` (outside every window). */
  async prune(before: number): Promise<number> {
    const res = await this.store.db
      .deleteFrom('outbox_sends')
      .where('ended_at', 'is not', null)
      .where('ended_at', '<', before)
      .executeTakeFirst();
    return Number(res.numDeletedRows);
  }
}
