import { describe, expect, it } from 'vitest';
import {
  INITIAL_INCIDENT,
  nextIncident,
  snoozeIncident,
  type CheckVerdict,
  type IncidentEffect,
  type IncidentState,
} from '../../../src/drift/incident-machine';

const drift = (driftedColumns: number, share: number, at = 0): CheckVerdict => ({
  drifted: true,
  driftedColumns,
  share,
  at,
});
const clean = (at = 0): CheckVerdict => ({ drifted: false, driftedColumns: 0, share: 0, at });
const noData = (at = 0): CheckVerdict => ({ drifted: null, driftedColumns: 0, share: 0, at });

/** Runs checks in order and returns the effects of each plus the final state. */
function play(checks: CheckVerdict[], sustained = 1, start: IncidentState = INITIAL_INCIDENT) {
  let state = start;
  const effects: (readonly IncidentEffect[])[] = [];
  for (const c of checks) {
    const t = nextIncident(state, c, sustained);
    state = t.state;
    effects.push(t.effects);
  }
  return { state, effects };
}

describe('drift incident state machine', () => {
  it('opens on the first drifted check with one alert', () => {
    const { state, effects } = play([clean(), drift(3, 0.6)]);
    expect(effects).toEqual([[], ['open']]);
    expect(state).toMatchObject({ phase: 'open', streak: 1, peakDrifted: 3, peakShare: 0.6 });
  });

  it('updates the card on later drifted checks without re-notifying', () => {
    const { effects } = play([drift(3, 0.6), drift(3, 0.6), drift(2, 0.5)]);
    expect(effects).toEqual([['open'], ['update'], ['update']]);
  });

  it('escalates (thread reply) only when more columns or a higher share drift than before', () => {
    const { effects, state } = play([drift(2, 0.5), drift(4, 0.5), drift(3, 0.4), drift(4, 0.7)]);
    expect(effects).toEqual([['open'], ['update', 'escalate'], ['update'], ['update', 'escalate']]);
    expect(state).toMatchObject({ peakDrifted: 4, peakShare: 0.7 });
  });

  it('resolves on the first clean check and starts over', () => {
    const { effects, state } = play([drift(2, 0.5), clean(), clean(), drift(1, 0.5)]);
    expect(effects).toEqual([['open'], ['resolve'], [], ['open']]);
    expect(state.phase).toBe('open');
  });

  it('ignores a check without a verdict (a window had no data)', () => {
    const { effects, state } = play([drift(2, 0.5), noData(), drift(2, 0.5)], 2);
    expect(effects).toEqual([[], [], ['open']]);
    expect(state.streak).toBe(2);
  });

  it('--sustained N needs N consecutive drifted checks; a clean check resets the count', () => {
    const { effects } = play(
      [drift(2, 0.5), drift(2, 0.5), clean(), drift(2, 0.5), drift(2, 0.5), drift(2, 0.5)],
      3,
    );
    expect(effects).toEqual([[], [], [], [], [], ['open']]);
  });

  it('a pending streak that clears never alerts and never sends "resolved"', () => {
    const { effects, state } = play([drift(2, 0.5), clean()], 2);
    expect(effects).toEqual([[], []]);
    expect(state.phase).toBe('none');
  });

  it('snooze holds back escalation but still updates the card and resolves', () => {
    let state = play([drift(1, 0.5, 0)]).state;
    state = snoozeIncident(state, 3_600_000);
    const during = nextIncident(state, drift(5, 0.9, 1_000));
    expect(during.effects).toEqual(['update']);
    const after = nextIncident(during.state, drift(6, 1, 3_600_000));
    expect(after.effects).toEqual(['update', 'escalate']);
    expect(nextIncident(after.state, clean(3_700_000)).effects).toEqual(['resolve']);
  });

  it('snooze outlives a resolution: a new incident during the snooze waits, then opens', () => {
    const opened = play([drift(1, 0.5, 0)]).state;
    const snoozedState = snoozeIncident(opened, 86_400_000);
    const resolved = nextIncident(snoozedState, clean(10)).state;
    expect(resolved.snoozedUntil).toBe(86_400_000);
    const again = nextIncident(resolved, drift(2, 0.5, 20));
    expect(again.effects).toEqual([]);
    expect(again.state.phase).toBe('pending');
    expect(nextIncident(again.state, drift(2, 0.5, 86_400_000)).effects).toEqual(['open']);
  });

  it('a longer snooze is never shortened by a shorter one', () => {
    const s = snoozeIncident(snoozeIncident(INITIAL_INCIDENT, 5_000), 1_000);
    expect(s.snoozedUntil).toBe(5_000);
  });
});
