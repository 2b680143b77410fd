import { sql, type Updateable } from 'kysely';
import type { Store } from '../store/store';
import type { OutboxTable } from '../store/tables';
import {
  toRow,
  type DueMessage,
  type Lease,
  type OutboxMessage,
  type OutboxRow,
  type OutboxStatus,
} from './outbox-message';
import { recoverInterrupted } from './outbox-recovery';
import type { SendLimits } from './rate-limiter';
import { OutboxSendLog, type SlotDecision } from './send-log';

export type {
  DueMessage,
  Lease,
  OutboxKind,
  OutboxMessage,
  OutboxRow,
  OutboxStatus,
} from './outbox-message';

/**
 * claimed: this replica sends it now (`sendId` is its span in the budget); taken: another
 * replica has it or it is no longer due; busy/wait: the budget says not now (see SlotDecision).
 */
export type ClaimResult =
  | { kind: 'claimed'; row: OutboxRow; sendId: number }
  | { kind: 'taken' }
  | Exclude<SlotDecision, { kind: 'open' }>;

/** The durable queue of proactive messages: written before sending, marked after. */
export class OutboxRepository {
  /** Recent send spans: the send budget every replica shares. */
  readonly sends: OutboxSendLog;

  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
    limits?: SendLimits,
  ) {
    this.sends = new OutboxSendLog(store, limits);
  }

  private get db(): Store['db'] {
    return this.store.db;
  }

  /**
   * A SQLite store belongs to one process: whatever a lease in it says, the process that took
   * it is gone by the time another one opens the file.
   */
  get singleProcess(): boolean {
    return this.store.kind === 'sqlite';
  }

  /**
   * Stores the message unless its key exists; returns false for a duplicate. `db` may be a
   * transaction, so a message commits together with the state change it reports.
   */
  async enqueue(m: OutboxMessage, notBefore = this.now(), db = this.db): Promise<boolean> {
    const now = this.now();
    const res = await db
      .insertInto('outbox')
      .values({
        key: m.key,
        conversation_id: m.conversationId,
        kind: m.kind,
        parent_key: m.parentKey ?? null,
        target_activity_id: m.targetActivityId ?? null,
        payload: JSON.stringify(m.payload),
        status: 'pending',
        next_attempt_at: notBefore,
        created_at: now,
        updated_at: now,
        claimed_by: null,
        lease_until: null,
        // PostgreSQL numbers rows itself (identity); SQLite's one writer takes the next number.
        ...(this.store.kind === 'sqlite'
          ? { seq: sql<number>`(SELECT coalesce(max(seq), 0) + 1 FROM outbox)` }
          : {}),
      })
      .onConflict((oc) => oc.column('key').doNothing())
      .executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  /** Drops pending (not in-flight) messages whose key starts with `prefix`. */
  async dropPending(prefix: string, db = this.db): Promise<number> {
    const res = await db
      .deleteFrom('outbox')
      .where('status', '=', 'pending')
      .where(sql<string>`substr(key, 1, ${prefix.length})`, '=', prefix)
      .executeTakeFirst();
    return Number(res.numDeletedRows);
  }

  async get(key: string): Promise<OutboxRow | undefined> {
    const row = await this.db
      .selectFrom('outbox')
      .selectAll()
      .where('key', '=', key)
      .executeTakeFirst();
    return row ? toRow(row) : undefined;
  }

  /**
   * Pending messages that are due, oldest first: what the dispatcher needs to pick one, without
   * the payload (the claim returns the whole row; a round looks at many more than it sends).
   */
  async due(now: number, limit: number): Promise<DueMessage[]> {
    const rows = await this.db
      .selectFrom('outbox')
      .select(['key', 'conversation_id', 'parent_key'])
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .orderBy('next_attempt_at')
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      key: r.key,
      conversationId: r.conversation_id,
      ...(r.parent_key !== null ? { parentKey: r.parent_key } : {}),
    }));
  }

  async nextDueAt(): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.min('next_attempt_at').as('at'))
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return row?.at === null || row?.at === undefined ? undefined : Number(row.at);
  }

  /**
   * Claims a due message for sending in one transaction: the row is locked (PostgreSQL: skipped
   * when another replica is claiming it), the shared budget decides under its lock, and only if
   * the send fits does the row become 'sending' under `lease` with its span logged. A thread that
   * must wait has the message moved down the queue, so one throttled thread cannot starve others.
   */
  async claim(
    key: string,
    threadKey: string,
    lease: Lease,
    now = this.now(),
  ): Promise<ClaimResult> {
    return this.db.transaction().execute(async (trx): Promise<ClaimResult> => {
      let q = trx
        .selectFrom('outbox')
        .select(['key', 'conversation_id', 'seq'])
        .where('key', '=', key)
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', now);
      if (this.store.kind === 'postgres') q = q.forUpdate().skipLocked();
      const found = await q.executeTakeFirst();
      if (!found) return { kind: 'taken' };
      await this.sends.lock(trx);
      const decision = await this.sends.decide(trx, threadKey, now);
      if (decision.kind === 'wait' && !decision.tenant)
        await this.deferFrom(trx, found.conversation_id, found.seq, decision.at);
      if (decision.kind !== 'open') return decision;
      const row = await trx
        .updateTable('outbox')
        .set((eb) => ({
          status: 'sending',
          attempts: eb('attempts', '+', 1),
          claimed_by: lease.replica,
          lease_until: lease.until,
          updated_at: now,
        }))
        .where('key', '=', key)
        .returningAll()
        .executeTakeFirstOrThrow();
      const sendId = await this.sends.start(trx, threadKey, now, lease);
      return { kind: 'claimed', row: toRow(row), sendId };
    });
  }

  /**
   * Moves `conversationId`'s pending messages from `seq` on to no earlier than `at`, keeping their
   * order: a message held back by a limit or a retry must not be overtaken by a later one (by
   * any replica), so the later ones wait with it and then follow in enqueue order.
   */
  private async deferFrom(
    db: Store['db'],
    conversationId: string,
    seq: number | null,
    at: number,
  ): Promise<void> {
    let q = db
      .updateTable('outbox')
      .set((eb) => ({
        next_attempt_at: eb
          .case()
          .when('next_attempt_at', '<', at)
          .then(at)
          .else(eb.ref('next_attempt_at'))
          .end(),
      }))
      .where('conversation_id', '=', conversationId)
      .where('status', '=', 'pending');
    if (seq !== null) q = q.where('seq', '>=', seq);
    await q.execute();
  }

  /** Extends the leases of everything `replica` has in flight (rows and budget spans). */
  async renew(lease: Lease): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set({ lease_until: lease.until })
      .where('claimed_by', '=', lease.replica)
      .where('status', '=', 'sending')
      .execute();
    await this.sends.renew(lease.replica, lease.until);
  }

  async markDelivered(
    key: string,
    result: { conversationId?: string; activityId?: string },
  ): Promise<void> {
    await this.settle(key, {
      status: 'delivered',
      result_conversation_id: result.conversationId ?? null,
      result_activity_id: result.activityId ?? null,
      last_error: null,
    });
  }

  /** Back to pending until `at` (throttled or failed for now); later messages wait with it. */
  async reschedule(key: string, at: number, error: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('outbox')
        .set({
          status: 'pending',
          next_attempt_at: at,
          last_error: error,
          claimed_by: null,
          lease_until: null,
          updated_at: this.now(),
        })
        .where('key', '=', key)
        .returning(['conversation_id', 'seq'])
        .executeTakeFirst();
      if (row) await this.deferFrom(trx, row.conversation_id, row.seq, at);
    });
  }

  async finish(key: string, status: 'failed' | 'dead', error: string): Promise<void> {
    await this.settle(key, { status, last_error: error });
  }

  /** Records a send's outcome and releases its claim. */
  private async settle(
    key: string,
    patch: Omit<Updateable<OutboxTable>, 'key' | 'claimed_by' | 'lease_until' | 'updated_at'>,
  ): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set({ ...patch, claimed_by: null, lease_until: null, updated_at: this.now() })
      .where('key', '=', key)
      .execute();
  }

  /** Claims whose replica died (lease ran out before `expiredBefore`): see outbox-recovery.ts. */
  recoverInterrupted(expiredBefore: number): Promise<{ retried: number; uncertain: number }> {
    return recoverInterrupted(this.db, expiredBefore, this.now());
  }

  async counts(): Promise<Record<OutboxStatus, number>> {
    const out: Record<OutboxStatus, number> = {
      pending: 0,
      sending: 0,
      delivered: 0,
      failed: 0,
      dead: 0,
      uncertain: 0,
    };
    const rows = await this.db
      .selectFrom('outbox')
      .select((eb) => ['status', eb.fn.countAll().as('n')])
      .groupBy('status')
      .execute();
    for (const r of rows) out[r.status] = Number(r.n);
    return out;
  }
}
