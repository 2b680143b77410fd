// Incident semantics of drift alerts, as a pure state machine: what one check does to the
// state of a subscription and which messages it calls for. The repository persists the state;
// the monitor turns effects into outbox messages.

/** none: all clear; pending: drifting but fewer than `sustained` checks in a row; open: alerted. */
export type IncidentPhase = 'none' | 'pending' | 'open';

export interface IncidentState {
  readonly phase: IncidentPhase;
  /** Consecutive drifted checks so far. */
  readonly streak: number;
  /** The worst seen in this incident; escalation means exceeding it. */
  readonly peakDrifted: number;
  readonly peakShare: number;
  /** No new alert or escalation reply before this time (ms). */
  readonly snoozedUntil: number | undefined;
}

export const INITIAL_INCIDENT: IncidentState = {
  phase: 'none',
  streak: 0,
  peakDrifted: 0,
  peakShare: 0,
  snoozedUntil: undefined,
};

/** One check's verdict; `drifted: null` = no verdict (a window had no data), changes nothing. */
export interface CheckVerdict {
  readonly drifted: boolean | null;
  readonly driftedColumns: number;
  readonly share: number;
  readonly at: number;
}

/**
 * open: post the ONE alert card; update: replace it with the latest numbers (no
 * notification); escalate: a thread reply, because more drifted than before; resolve: a
 * "resolved" reply and the card updated.
 */
export type IncidentEffect = 'open' | 'update' | 'escalate' | 'resolve';

export interface IncidentTransition {
  readonly state: IncidentState;
  readonly effects: readonly IncidentEffect[];
}

const snoozed = (s: IncidentState, at: number) =>
  s.snoozedUntil !== undefined && at < s.snoozedUntil;

/**
 * Applies one check. `sustained` (≥ 1) drifted checks in a row open an incident; while it is
 * open every drifted check updates the card and only a worse one (more columns or a higher
 * share) re-notifies; the first clean check resolves it. A snooze holds back opening and
 * escalation, never the card update or the resolution.
 */
export function nextIncident(
  state: IncidentState,
  check: CheckVerdict,
  sustained = 1,
): IncidentTransition {
  const need = Math.max(1, Math.floor(sustained));
  if (check.drifted === null) return { state, effects: [] };
  if (!check.drifted) {
    const cleared: IncidentState = { ...INITIAL_INCIDENT, snoozedUntil: state.snoozedUntil };
    return { state: cleared, effects: state.phase === 'open' ? ['resolve'] : [] };
  }
  const streak = state.streak + 1;
  if (state.phase === 'open') {
    const worse = check.driftedColumns > state.peakDrifted || check.share > state.peakShare;
    const next: IncidentState = {
      ...state,
      streak,
      peakDrifted: Math.max(state.peakDrifted, check.driftedColumns),
      peakShare: Math.max(state.peakShare, check.share),
    };
    return {
      state: next,
      effects: worse && !snoozed(state, check.at) ? ['update', 'escalate'] : ['update'],
    };
  }
  if (streak < need || snoozed(state, check.at)) {
    return { state: { ...state, phase: 'pending', streak }, effects: [] };
  }
  return {
    state: {
      phase: 'open',
      streak,
      peakDrifted: check.driftedColumns,
      peakShare: check.share,
      snoozedUntil: state.snoozedUntil,
    },
    effects: ['open'],
  };
}

/** Snoozing from a card button: no new alert or escalation until `until`. */
export function snoozeIncident(state: IncidentState, until: number): IncidentState {
  return { ...state, snoozedUntil: Math.max(until, state.snoozedUntil ?? 0) };
}
