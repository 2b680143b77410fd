import type { Insertable, Selectable } from 'kysely';
import type { DriftSummary } from '../../drift/drift-summary';
import { INITIAL_INCIDENT, type IncidentState } from '../../drift/incident-machine';
import type { Db, Store } from '../../platform/store/store';
import type { IncidentsTable } from '../../platform/store/tables';

export type IncidentRowState = 'pending' | 'open' | 'resolved';

/** A drift incident of one subscription: the machine's state plus what the card shows. */
export interface Incident {
  id: string;
  subscriptionId: string;
  state: IncidentRowState;
  streak: number;
  checks: number;
  peakDrifted: number;
  peakShare: number;
  snoozedUntil: number | undefined;
  lastSummary: DriftSummary | undefined;
  acknowledgedBy: string | undefined;
  acknowledgedAt: number | undefined;
  retrainRunId: number | undefined;
  /** 'starting' | a Databricks life-cycle/result state. */
  retrainState: string | undefined;
  cardVersion: number;
  openedAt: number | undefined;
  resolvedAt: number | undefined;
  createdAt: number;
  /** Also the row's version: every write moves it forward (see `replace`). */
  updatedAt: number;
}

const toIncident = (r: Selectable<IncidentsTable>): Incident => ({
  id: r.id,
  subscriptionId: r.subscription_id,
  state: r.state,
  streak: r.streak,
  checks: r.checks,
  peakDrifted: r.peak_drifted,
  peakShare: r.peak_share,
  snoozedUntil: r.snoozed_until ?? undefined,
  lastSummary: r.last_report ? (JSON.parse(r.last_report) as DriftSummary) : undefined,
  acknowledgedBy: r.acknowledged_by ?? undefined,
  acknowledgedAt: r.acknowledged_at ?? undefined,
  retrainRunId: r.retrain_run_id ?? undefined,
  retrainState: r.retrain_state ?? undefined,
  cardVersion: r.card_version,
  openedAt: r.opened_at ?? undefined,
  resolvedAt: r.resolved_at ?? undefined,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** The columns a change may write (not the id, subscription or creation time). */
const changeable = (i: Incident) => ({
  state: i.state,
  streak: i.streak,
  checks: i.checks,
  peak_drifted: i.peakDrifted,
  peak_share: i.peakShare,
  snoozed_until: i.snoozedUntil ?? null,
  last_report: i.lastSummary ? JSON.stringify(i.lastSummary) : null,
  acknowledged_by: i.acknowledgedBy ?? null,
  acknowledged_at: i.acknowledgedAt ?? null,
  retrain_run_id: i.retrainRunId ?? null,
  retrain_state: i.retrainState ?? null,
  card_version: i.cardVersion,
  opened_at: i.openedAt ?? null,
  resolved_at: i.resolvedAt ?? null,
  updated_at: i.updatedAt,
});

const toRow = (i: Incident): Insertable<IncidentsTable> => ({
  id: i.id,
  subscription_id: i.subscriptionId,
  created_at: i.createdAt,
  ...changeable(i),
});

async function replaceIn(db: Db, prev: Incident, next: Incident): Promise<Incident | undefined> {
  const stored = { ...next, updatedAt: Math.max(next.updatedAt, prev.updatedAt + 1) };
  const row = await db
    .updateTable('incidents')
    .set(changeable(stored))
    .where('id', '=', prev.id)
    .where('updated_at', '=', prev.updatedAt)
    .returningAll()
    .executeTakeFirst();
  return row ? toIncident(row) : undefined;
}

/** The machine's view of an incident row. */
export function machineState(i: Incident | undefined, carriedSnooze?: number): IncidentState {
  if (!i || i.state === 'resolved') return { ...INITIAL_INCIDENT, snoozedUntil: carriedSnooze };
  return {
    phase: i.state === 'open' ? 'open' : 'pending',
    streak: i.streak,
    peakDrifted: i.peakDrifted,
    peakShare: i.peakShare,
    snoozedUntil: i.snoozedUntil,
  };
}

/** Another writer kept changing the incident between our read and our write, too often. */
export class IncidentConflictError extends Error {
  constructor(what: string) {
    super(`incident ${what}: still changed by another writer after several attempts`);
    this.name = 'IncidentConflictError';
  }
}

/** A retry is a re-read and a recomputation: a handful suffices unless something is wrong. */
const ATTEMPTS = 8;

/**
 * Runs `attempt` (read, compute, conditional write) until it is not 'conflict'. A lost race
 * is retried from a fresh read, so the loser's change lands on top of the winner's; a short
 * random pause first, so two writers that collided do not collide again in step.
 */
export async function retryOnConflict<T>(
  what: string,
  attempt: () => Promise<T | 'conflict'>,
): Promise<T> {
  for (let i = 0; i < ATTEMPTS; i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, Math.random() * 2 ** i));
    const r = await attempt();
    if (r !== 'conflict') return r;
  }
  throw new IncidentConflictError(what);
}

/**
 * Incidents in the store: the memory that makes alerts one-per-incident across restarts.
 * Replicas change the same incident concurrently (the monitor's check on one, a button on
 * another), so no write is blind: each is conditional on the row being the one the writer read
 * (compare-and-set on `updated_at`, which every write moves strictly forward), and the loser
 * re-reads and recomputes. No update is lost, and no row lock is held across a computation.
 */
export class IncidentRepository {
  constructor(private readonly store: Store) {}

  async get(id: string): Promise<Incident | undefined> {
    const row = await this.store.db
      .selectFrom('incidents')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toIncident(row) : undefined;
  }

  /** The pending or open incident of a subscription, if any. */
  async active(subscriptionId: string): Promise<Incident | undefined> {
    const row = await this.store.db
      .selectFrom('incidents')
      .selectAll()
      .where('subscription_id', '=', subscriptionId)
      .where('state', '!=', 'resolved')
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? toIncident(row) : undefined;
  }

  /** A snooze outlives its incident; this is the latest one set for the subscription. */
  async snoozedUntil(subscriptionId: string): Promise<number | undefined> {
    const row = await this.store.db
      .selectFrom('incidents')
      .select((eb) => eb.fn.max('snoozed_until').as('s'))
      .where('subscription_id', '=', subscriptionId)
      .executeTakeFirst();
    return row?.s == null ? undefined : Number(row.s);
  }

  /** Stores a new incident; false when one with its id exists already. */
  async insert(i: Incident): Promise<boolean> {
    const res = await this.store.db
      .insertInto('incidents')
      .values(toRow(i))
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  /**
   * Writes `next` over `prev` if the row is still `prev`; returns what was stored, or undefined
   * when another writer changed (or deleted) it since `prev` was read. `updated_at` moves at
   * least 1 ms past `prev`'s, so it identifies a version even when clocks agree to the ms or lag.
   */
  replace(prev: Incident, next: Incident): Promise<Incident | undefined> {
    return replaceIn(this.store.db, prev, next);
  }

  /**
   * Applies `change` to the current row and returns the row before and after; `change`
   * returns undefined to leave the row as it is (e.g. already acknowledged), then `after` is
   * undefined. Undefined when there is no such incident. Optimistic first (one read, one
   * conditional write, no lock); after a lost race it is redone holding the row (FOR UPDATE on
   * PostgreSQL; SQLite's one connection is held by the transaction), so a busy incident cannot
   * starve a writer and the change lands on top of the winner's.
   */
  async update(
    id: string,
    change: (current: Incident) => Incident | undefined,
  ): Promise<{ before: Incident; after: Incident | undefined } | undefined> {
    const before = await this.get(id);
    if (!before) return undefined;
    const next = change(before);
    if (!next) return { before, after: undefined };
    const after = await this.replace(before, next);
    if (after) return { before, after };
    return this.store.db.transaction().execute(async (trx) => {
      const read = trx.selectFrom('incidents').selectAll().where('id', '=', id);
      const row = await (
        this.store.kind === 'postgres' ? read.forUpdate() : read
      ).executeTakeFirst();
      if (!row) return undefined;
      const current = toIncident(row);
      const changed = change(current);
      if (!changed) return { before: current, after: undefined };
      const stored = await replaceIn(trx, current, changed);
      if (!stored) throw new IncidentConflictError(id); // the row is ours: cannot happen
      return { before: current, after: stored };
    });
  }

  /** Deletes the incident if it is still `prev`; false when it changed or is gone. */
  async deleteIf(prev: Incident): Promise<boolean> {
    const res = await this.store.db
      .deleteFrom('incidents')
      .where('id', '=', prev.id)
      .where('updated_at', '=', prev.updatedAt)
      .executeTakeFirst();
    return Number(res.numDeletedRows) === 1;
  }

  /** Incidents whose retraining run was started and has not been reported finished. */
  async retraining(): Promise<Incident[]> {
    const rows = await this.store.db
      .selectFrom('incidents')
      .selectAll()
      .where('retrain_run_id', 'is not', null)
      .where('retrain_state', 'in', [
        'PENDING',
        'QUEUED',
        'RUNNING',
        'TERMINATING',
        'BLOCKED',
        'WAITING_FOR_RETRY',
        'starting',
      ])
      .execute();
    return rows.map(toIncident);
  }
}
