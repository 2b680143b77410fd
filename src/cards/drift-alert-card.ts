import { featureLabel, severity } from '../drift/drift-summary';
import type { DriftAlertView } from '../workflows/drift-monitor/drift-alert-renderer';
import { card, executeAction, facts, heading, text } from './card';
import { type AdaptiveCard, type CardElement } from '../chat/adaptive-card';
import { datasetVerdict, scoreText, shortTime, windowText } from './drift-format';

/** Verbs of the alert card's buttons (owned by the `drift` command). */
export const DRIFT_ALERT_VERBS = {
  ack: 'drift.ack',
  snooze: 'drift.snooze',
  retrain: 'drift.retrain',
} as const;

const MAX_ROWS = 5;

/**
 * The ONE alert card of a drift incident, updated in place as checks come in: what drifted
 * (scores vs thresholds), the windows, who owns it, and what to do next.
 */
export function buildDriftAlertCard(v: DriftAlertView): AdaptiveCard {
  const s = v.summary;
  const open = v.status === 'open';
  const drifted = s.report.columns
    .filter((c) => c.drifted === true)
    .sort((a, b) => severity(b) - severity(a));
  const body: CardElement[] = [
    heading(open ? `Drift alert: ${s.target}` : `Resolved: drift on ${s.target}`),
    text(open ? datasetVerdict(s) : `Back to normal at ${shortTime(v.resolvedAt ?? v.now)} UTC.`, {
      weight: 'Bolder',
      ...(open ? { color: 'Attention' } : { color: 'Good' }),
    }),
  ];
  if (open && drifted.length > 0) {
    body.push(
      facts([
        ...drifted.slice(0, MAX_ROWS).map((c) => [featureLabel(c.name), scoreText(c)] as const),
        ...(drifted.length > MAX_ROWS
          ? [['More', `+${drifted.length - MAX_ROWS} features`] as const]
          : []),
      ]),
    );
  }
  const status: [string, string][] = [
    ['Current', windowText(s.current)],
    ['Reference', windowText(s.reference)],
    ['Checks', `${v.checks} since ${shortTime(v.openedAt)} UTC`],
  ];
  if (v.owner) status.push(['Owner', `<at>${v.owner.name}</at>`]);
  if (v.acknowledgedBy)
    status.push([
      'Acknowledged',
      `${v.acknowledgedBy}, ${shortTime(v.acknowledgedAt ?? v.now)} UTC`,
    ]);
  if (open && v.snoozedUntil && v.snoozedUntil > v.now)
    status.push(['Snoozed', `until ${shortTime(v.snoozedUntil)} UTC`]);
  if (v.retrain) {
    status.push([
      'Retraining',
      `${v.retrain.state.toLowerCase()}${v.retrain.runId ? ` (run ${v.retrain.runId})` : ''}`,
    ]);
  }
  body.push({ ...facts(status), spacing: 'Medium' });
  if (open) {
    body.push(
      text(
        `Next: run "drift ${s.target}" for the full report; Acknowledge if you are on it${v.retrainAvailable ? '; retrain if the model no longer fits' : ''}.`,
        { size: 'Small', isSubtle: true },
      ),
    );
  }
  const actions = open
    ? [
        ...(v.acknowledgedBy
          ? []
          : [
              executeAction('Acknowledge', {
                verb: DRIFT_ALERT_VERBS.ack,
                incidentId: v.incidentId,
              }),
            ]),
        executeAction('Snooze 1h', {
          verb: DRIFT_ALERT_VERBS.snooze,
          incidentId: v.incidentId,
          hours: 1,
        }),
        executeAction('Snooze 24h', {
          verb: DRIFT_ALERT_VERBS.snooze,
          incidentId: v.incidentId,
          hours: 24,
        }),
        ...(v.retrainAvailable && !v.retrain
          ? [
              executeAction('Start retraining', {
                verb: DRIFT_ALERT_VERBS.retrain,
                incidentId: v.incidentId,
              }),
            ]
          : []),
      ]
    : [];
  const out = card(body, actions);
  if (v.owner) {
    out.msteams = {
      entities: [
        {
          type: 'mention',
          text: `<at>${v.owner.name}</at>`,
          mentioned: { id: v.owner.id, name: v.owner.name },
        },
      ],
    };
  }
  return out;
}
