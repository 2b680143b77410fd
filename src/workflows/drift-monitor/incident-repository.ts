import type { DriftSummary } from '../../drift/drift-summary';
import { INITIAL_INCIDENT, type IncidentState } from '../../drift/incident-machine';
import type { Database } from '../../platform/store/database';

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
  updatedAt: number;
}

interface Row {
  id: string;
  subscription_id: string;
  state: IncidentRowState;
  streak: number;
  checks: number;
  peak_drifted: number;
  peak_share: number;
  snoozed_until: number | null;
  last_report: string | null;
  acknowledged_by: string | null;
  acknowledged_at: number | null;
  retrain_run_id: number | null;
  retrain_state: string | null;
  card_version: number;
  opened_at: number | null;
  resolved_at: number | null;
  created_at: number;
  updated_at: number;
}

const toIncident = (r: Row): Incident => ({
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

/** Incidents in the store: the memory that makes alerts one-per-incident across restarts. */
export class IncidentRepository {
  constructor(private readonly db: Database) {}

  get(id: string): Incident | undefined {
    const row = this.db.prepare<[string], Row>('SELECT * FROM incidents WHERE id = ?').get(id);
    return row ? toIncident(row) : undefined;
  }

  /** The pending or open incident of a subscription, if any. */
  active(subscriptionId: string): Incident | undefined {
    const row = this.db
      .prepare<[string], Row>(
        "SELECT * FROM incidents WHERE subscription_id = ? AND state != 'resolved' ORDER BY created_at DESC LIMIT 1",
      )
      .get(subscriptionId);
    return row ? toIncident(row) : undefined;
  }

  /** A snooze outlives its incident; this is the latest one set for the subscription. */
  snoozedUntil(subscriptionId: string): number | undefined {
    const row = this.db
      .prepare<[string], { s: number | null }>(
        'SELECT MAX(snoozed_until) AS s FROM incidents WHERE subscription_id = ?',
      )
      .get(subscriptionId);
    return row?.s ?? undefined;
  }

  save(i: Incident): void {
    this.db
      .prepare(
        `INSERT INTO incidents (id, subscription_id, state, streak, checks, peak_drifted, peak_share,
           snoozed_until, last_report, acknowledged_by, acknowledged_at, retrain_run_id, retrain_state,
           card_version, opened_at, resolved_at, created_at, updated_at)
         VALUES (@id, @subscription_id, @state, @streak, @checks, @peak_drifted, @peak_share,
           @snoozed_until, @last_report, @acknowledged_by, @acknowledged_at, @retrain_run_id,
           @retrain_state, @card_version, @opened_at, @resolved_at, @created_at, @updated_at)
         ON CONFLICT (id) DO UPDATE SET state = excluded.state, streak = excluded.streak,
           checks = excluded.checks, peak_drifted = excluded.peak_drifted,
           peak_share = excluded.peak_share, snoozed_until = excluded.snoozed_until,
           last_report = excluded.last_report, acknowledged_by = excluded.acknowledged_by,
           acknowledged_at = excluded.acknowledged_at, retrain_run_id = excluded.retrain_run_id,
           retrain_state = excluded.retrain_state, card_version = excluded.card_version,
           opened_at = excluded.opened_at, resolved_at = excluded.resolved_at,
           updated_at = excluded.updated_at`,
      )
      .run({
        id: i.id,
        subscription_id: i.subscriptionId,
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
        created_at: i.createdAt,
        updated_at: i.updatedAt,
      });
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM incidents WHERE id = ?').run(id);
  }

  /** Incidents whose retraining run was started and has not been reported finished. */
  retraining(): Incident[] {
    return this.db
      .prepare<[], Row>(
        "SELECT * FROM incidents WHERE retrain_run_id IS NOT NULL AND retrain_state IN ('PENDING', 'QUEUED', 'RUNNING', 'TERMINATING', 'BLOCKED', 'WAITING_FOR_RETRY', 'starting')",
      )
      .all()
      .map(toIncident);
  }
}
