import { buildDriftAlertCard } from '../../cards/drift-alert-card';
import type { Mention, Reply } from '../../chat/reply';
import type { DriftSummary } from '../../drift/drift-summary';
import { featureLabel } from '../../drift/drift-summary';
import type { Outbox } from '../../platform/outbox/outbox';
import type { Incident } from './incident-repository';

/** Outbox keys of one incident: deterministic, so a repeated check never sends twice. */
export const alertKeys = (incidentId: string) => ({
  root: `drift:${incidentId}:alert`,
  cardGroup: `drift:${incidentId}:card:`,
  card: (version: number) => `drift:${incidentId}:card:${version}`,
  escalate: (check: number) => `drift:${incidentId}:escalate:${check}`,
  resolved: `drift:${incidentId}:resolved`,
  retrain: (runId: number, phase: 'started' | 'done') =>
    `drift:${incidentId}:retrain:${runId}:${phase}`,
});

export interface AlertContext {
  owner: Mention | undefined;
  retrainAvailable: boolean;
  now: number;
}

/** The alert card of an incident in its current state. */
export function alertReply(inc: Incident, summary: DriftSummary, c: AlertContext): Reply {
  const card = buildDriftAlertCard({
    incidentId: inc.id,
    status: inc.state === 'resolved' ? 'resolved' : 'open',
    summary,
    openedAt: inc.openedAt ?? inc.createdAt,
    resolvedAt: inc.resolvedAt,
    checks: inc.checks,
    owner: c.owner,
    acknowledgedBy: inc.acknowledgedBy,
    acknowledgedAt: inc.acknowledgedAt,
    snoozedUntil: inc.snoozedUntil,
    retrain:
      inc.retrainState !== undefined
        ? { runId: inc.retrainRunId, state: inc.retrainState.toLowerCase() }
        : undefined,
    retrainAvailable: c.retrainAvailable,
    now: c.now,
  });
  return {
    kind: 'card',
    card,
    summary: `Drift ${inc.state === 'resolved' ? 'resolved' : 'alert'}: ${summary.target}`,
  };
}

/** Replaces the incident's card everywhere (newest state wins over pending older ones). */
export function enqueueCardUpdate(
  outbox: Outbox,
  conversationId: string,
  inc: Incident,
  reply: Reply,
): void {
  const keys = alertKeys(inc.id);
  outbox.enqueueLatest(
    {
      key: keys.card(inc.cardVersion),
      conversationId,
      kind: 'update',
      parentKey: keys.root,
      payload: reply,
    },
    keys.cardGroup,
  );
}

export function escalationText(s: DriftSummary): string {
  const names = s.report.columns.filter((c) => c.drifted === true).map((c) => featureLabel(c.name));
  return `Drift on ${s.target} got worse: ${s.report.drifted_columns} of ${s.report.tested_columns} features now drift (${Math.round(s.report.share * 100)}%): ${names.join(', ')}.`;
}
