import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Store } from '../store/store';
import type { OperationsTable } from '../store/tables';
import { releaseLeases, renewLeases, takeLease } from './lock-leases';
import type { Operation, StepProgress } from './operation';

const toOperation = (r: Selectable<OperationsTable>): Operation => ({
  id: r.id,
  kind: r.kind,
  environment: r.environment,
  state: r.state,
  params: JSON.parse(r.params) as unknown,
  plan: r.plan ?? undefined,
  steps: JSON.parse(r.steps) as StepProgress[],
  outputs: JSON.parse(r.outputs) as Record<string, string>,
  currentStep: r.current_step,
  resumeToken: r.resume_token ?? undefined,
  nextRunAt: r.next_run_at,
  requesterId: r.requester_id,
  requesterName: r.requester_name ?? undefined,
  conversationId: r.conversation_id,
  cardActivityId: r.card_activity_id ?? undefined,
  cardVersion: r.card_version,
  error: r.error ?? undefined,
  expiresAt: r.expires_at ?? undefined,
  startedAt: r.started_at ?? undefined,
  finishedAt: r.finished_at ?? undefined,
  createdAt: r.created_at,
});

export interface NewOperation {
  kind: string;
  environment: string;
  params: object;
  plan?: string;
  steps: StepProgress[];
  requesterId: string;
  requesterName: string | undefined;
  conversationId: string;
  /** Plans expire: a confirmation an hour later would act on a stale plan. */
  ttlMs: number;
}

const isActive = (op: Operation | undefined) => op?.state === 'running' || op?.state === 'planned';

/**
 * Persisted operations and the per-environment locks that keep two of them apart. A lock is
 * also the lease of the replica running its operation: `owner` renews `lease_until` while it
 * lives, and another replica may take an operation over once the lease has run out.
 */
export class OperationRepository {
  private readonly db: Store['db'];

  constructor(
    store: Store,
    private readonly now: () => number = Date.now,
  ) {
    this.db = store.db;
  }

  async create(n: NewOperation): Promise<Operation> {
    const now = this.now();
    const row = await this.db
      .insertInto('operations')
      .values({
        id: randomUUID(),
        kind: n.kind,
        environment: n.environment,
        state: 'planned',
        params: JSON.stringify(n.params),
        plan: n.plan ?? null,
        steps: JSON.stringify(n.steps),
        outputs: '{}',
        next_run_at: now,
        requester_id: n.requesterId,
        requester_name: n.requesterName ?? null,
        conversation_id: n.conversationId,
        expires_at: now + n.ttlMs,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toOperation(row);
  }

  async get(id: string): Promise<Operation | undefined> {
    const row = await this.db
      .selectFrom('operations')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toOperation(row) : undefined;
  }

  async require(id: string): Promise<Operation> {
    const op = await this.get(id);
    if (!op) throw new Error(`operation ${id} does not exist`);
    return op;
  }

  /**
   * Running operations whose next poll is due and that `owner` may run: its own, ones no
   * replica holds, and ones whose holder stopped renewing its lease. Oldest first.
   */
  async due(now: number, owner: string): Promise<Operation[]> {
    const rows = await this.db
      .selectFrom('operations')
      .leftJoin('locks', 'locks.operation_id', 'operations.id')
      .selectAll('operations')
      .where('operations.state', '=', 'running')
      .where('operations.next_run_at', '<=', now)
      .where((eb) =>
        eb.or([
          eb('locks.owner', 'is', null),
          eb('locks.owner', '=', owner),
          eb('locks.lease_until', '<', now),
        ]),
      )
      .orderBy('operations.next_run_at')
      .execute();
    return rows.map(toOperation);
  }

  /** When `owner` has something to do next (others' leases are noticed on the idle wake-up). */
  async nextDueAt(owner: string): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('operations')
      .leftJoin('locks', 'locks.operation_id', 'operations.id')
      .select((eb) => eb.fn.min('operations.next_run_at').as('at'))
      .where('operations.state', '=', 'running')
      .where((eb) => eb.or([eb('locks.owner', 'is', null), eb('locks.owner', '=', owner)]))
      .executeTakeFirst();
    return row?.at === null || row?.at === undefined ? undefined : Number(row.at);
  }

  async latest(environment: string, limit = 10): Promise<Operation[]> {
    const rows = await this.db
      .selectFrom('operations')
      .selectAll()
      .where('environment', '=', environment)
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toOperation);
  }

  /** The newest operations of one kind in any environment (deploys lock per endpoint). */
  async latestOfKind(kind: string, limit = 10): Promise<Operation[]> {
    const rows = await this.db
      .selectFrom('operations')
      .selectAll()
      .where('kind', '=', kind)
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toOperation);
  }

  /** Saves everything the runner changes, bumping the card version so updates stay ordered. */
  async save(op: Operation): Promise<void> {
    await this.update(op);
  }

  /**
   * Saves only while `owner` still holds the operation's lease: a replica that stalled past
   * its lease must not overwrite the progress of the one that took over. False when it lost.
   */
  async saveOwned(op: Operation, owner: string, db = this.db): Promise<boolean> {
    return this.update(op, owner, db);
  }

  /** Runs `work` in one transaction of the store (`db` is the transaction's executor). */
  transaction<T>(work: (db: Store['db']) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(work);
  }

  /**
   * Saves a plan's outputs (its approval) only while it is still planned, so an Approve racing
   * a Cancel or an expiry cannot bring the plan back. False when it was no longer planned.
   */
  async savePlanOutputs(op: Operation): Promise<boolean> {
    const res = await this.db
      .updateTable('operations')
      .set({ outputs: JSON.stringify(op.outputs), updated_at: this.now() })
      .where('id', '=', op.id)
      .where('state', '=', 'planned')
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  private async update(op: Operation, owner?: string, db = this.db): Promise<boolean> {
    let q = db
      .updateTable('operations')
      .set({
        state: op.state,
        steps: JSON.stringify(op.steps),
        outputs: JSON.stringify(op.outputs),
        current_step: op.currentStep,
        resume_token: op.resumeToken ?? null,
        next_run_at: op.nextRunAt,
        card_activity_id: op.cardActivityId ?? null,
        card_version: op.cardVersion,
        error: op.error ?? null,
        started_at: op.startedAt ?? null,
        finished_at: op.finishedAt ?? null,
        updated_at: this.now(),
      })
      .where('id', '=', op.id);
    if (owner !== undefined) {
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('locks')
            .select('locks.name')
            .where('locks.operation_id', '=', op.id)
            .where('locks.owner', '=', owner),
        ),
      );
    }
    return Number((await q.executeTakeFirst()).numUpdatedRows) === 1;
  }

  /**
   * Takes the environment's lock for an operation. Returns undefined on success, or the
   * operation that holds it, so the caller can say who. Compare-and-swap rather than a
   * read-then-write, so two replicas confirming at once cannot both win.
   */
  async acquireLock(name: string, op: Operation): Promise<Operation | undefined> {
    const holderName = op.requesterName ?? op.requesterId;
    for (let attempt = 0; attempt < 5; attempt++) {
      const inserted = await this.db
        .insertInto('locks')
        .values({ name, operation_id: op.id, holder_name: holderName, acquired_at: this.now() })
        .onConflict((oc) => oc.column('name').doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return undefined;
      const held = await this.db
        .selectFrom('locks')
        .select('operation_id')
        .where('name', '=', name)
        .executeTakeFirst();
      if (!held) continue; // released in between: try the insert again
      if (held.operation_id === op.id) return undefined;
      const holder = await this.get(held.operation_id);
      if (holder && isActive(holder)) return holder;
      // The holder ended without releasing (e.g. a crash before finish): take the lock over.
      const swapped = await this.db
        .updateTable('locks')
        .set({
          operation_id: op.id,
          holder_name: holderName,
          acquired_at: this.now(),
          owner: null,
          lease_until: null,
        })
        .where('name', '=', name)
        .where('operation_id', '=', held.operation_id)
        .executeTakeFirst();
      if (Number(swapped.numUpdatedRows) === 1) return undefined;
    }
    throw new Error(`the lock ${name} kept changing hands; try again`);
  }

  async releaseLock(name: string, operationId: string): Promise<void> {
    await this.db
      .deleteFrom('locks')
      .where('name', '=', name)
      .where('operation_id', '=', operationId)
      .execute();
  }

  /** Makes `owner` the replica running the operation until `leaseUntil` (see lock-leases.ts). */
  takeLease(name: string, op: Operation, owner: string, now: number, leaseUntil: number) {
    return takeLease(this.db, name, op, owner, now, leaseUntil);
  }

  /** The heartbeat: extends every lease `owner` holds; one statement however many it runs. */
  renewLeases(owner: string, leaseUntil: number): Promise<number> {
    return renewLeases(this.db, owner, leaseUntil);
  }

  /** On a graceful stop: another replica (or this one restarted) may go on at once. */
  releaseLeases(owner: string): Promise<void> {
    return releaseLeases(this.db, owner);
  }
}
