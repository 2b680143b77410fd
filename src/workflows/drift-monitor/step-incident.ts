import type { DriftSummary } from '../../drift/drift-summary';
import { nextIncident } from '../../drift/incident-machine';
import type { Subscription } from '../subscriptions/subscription-repository';
import { machineState, type Incident, type IncidentRepository } from './incident-repository';

/**
 * Feeds one check to the incident machine and stores the result if the incident did not change
 * meanwhile ('conflict' otherwise, so the caller re-reads and steps again). Returns the stored
 * incident with the machine's effects, or undefined when there is nothing to emit.
 */
export async function stepIncident(
  incidents: IncidentRepository,
  sub: Subscription,
  summary: DriftSummary,
  slot: number,
  now: number,
): Promise<{ inc: Incident; effects: readonly string[] } | undefined | 'conflict'> {
  const r = summary.report;
  const active = await incidents.active(sub.id);
  const before = machineState(active, await incidents.snoozedUntil(sub.id));
  const { state, effects } = nextIncident(
    before,
    {
      drifted: r.tested_columns === 0 ? null : r.dataset_drift,
      driftedColumns: r.drifted_columns,
      share: r.share,
      at: slot,
    },
    sub.sustained,
  );
  if (state.phase === 'none') {
    if (active?.state === 'pending')
      return (await incidents.deleteIf(active)) ? undefined : 'conflict';
    if (active?.state !== 'open') return undefined;
    const resolved = await incidents.replace(active, {
      ...active,
      state: 'resolved',
      streak: 0,
      lastSummary: summary,
      resolvedAt: slot,
      cardVersion: active.cardVersion + 1,
      updatedAt: now,
    });
    return resolved ? { inc: resolved, effects } : 'conflict';
  }
  const base: Incident = active ?? {
    id: `${sub.id}-${slot.toString(36)}`,
    subscriptionId: sub.id,
    state: 'pending',
    streak: 0,
    checks: 0,
    peakDrifted: 0,
    peakShare: 0,
    snoozedUntil: state.snoozedUntil,
    lastSummary: undefined,
    acknowledgedBy: undefined,
    acknowledgedAt: undefined,
    retrainRunId: undefined,
    retrainState: undefined,
    cardVersion: 0,
    openedAt: undefined,
    resolvedAt: undefined,
    createdAt: now,
    updatedAt: now,
  };
  const opening = effects.includes('open');
  const inc: Incident = {
    ...base,
    state: state.phase === 'open' ? 'open' : 'pending',
    streak: state.streak,
    checks: state.phase === 'open' ? base.checks + 1 : base.checks,
    peakDrifted: state.peakDrifted,
    peakShare: state.peakShare,
    lastSummary: summary,
    openedAt: opening ? slot : base.openedAt,
    cardVersion: effects.includes('update') ? base.cardVersion + 1 : base.cardVersion,
    updatedAt: now,
  };
  const stored = active
    ? await incidents.replace(active, inc)
    : (await incidents.insert(inc)) && inc;
  return stored ? { inc: stored, effects } : 'conflict';
}
