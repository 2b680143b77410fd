import { severity } from '../drift/drift-summary';
import type { DriftAlertView } from '../workflows/drift-monitor/drift-alert-renderer';
import { card, executeAction, facts, heading, text } from './card';
import { type AdaptiveCard, type CardElement } from '../chat/adaptive-card';
import { translator } from '../chat/i18n';
import { datasetVerdict, featureText, scoreText, shortTime, windowText } from './drift-format';

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
  const lang = v.lang ?? 'en';
  const t = translator(lang);
  const time = (ms: number) => shortTime(ms, lang);
  const s = v.summary;
  const open = v.status === 'open';
  const drifted = s.report.columns
    .filter((c) => c.drifted === true)
    .sort((a, b) => severity(b) - severity(a));
  const body: CardElement[] = [
    heading(t(open ? 'drift.alertTitle' : 'drift.resolvedTitle', { target: s.target })),
    text(
      open
        ? datasetVerdict(s, lang)
        : t('drift.backToNormal', { time: time(v.resolvedAt ?? v.now) }),
      { weight: 'Bolder', ...(open ? { color: 'Attention' } : { color: 'Good' }) },
    ),
  ];
  if (open && drifted.length > 0) {
    body.push(
      facts([
        ...drifted
          .slice(0, MAX_ROWS)
          .map((c) => [featureText(c.name, lang), scoreText(c, lang)] as const),
        ...(drifted.length > MAX_ROWS
          ? [
              [
                t('drift.more'),
                t('drift.moreFeatures', { count: drifted.length - MAX_ROWS }),
              ] as const,
            ]
          : []),
      ]),
    );
  }
  const status: [string, string][] = [
    [t('drift.current'), windowText(s.current, lang)],
    [t('drift.reference'), windowText(s.reference, lang)],
    [t('drift.checks'), t('drift.checksSince', { count: v.checks, time: time(v.openedAt) })],
  ];
  if (v.owner) status.push([t('drift.owner'), `<at>${v.owner.name}</at>`]);
  if (v.acknowledgedBy)
    status.push([
      t('drift.acknowledged'),
      t('drift.acknowledgedValue', {
        who: v.acknowledgedBy,
        time: time(v.acknowledgedAt ?? v.now),
      }),
    ]);
  if (open && v.snoozedUntil && v.snoozedUntil > v.now)
    status.push([t('drift.snoozed'), t('drift.snoozedUntil', { time: time(v.snoozedUntil) })]);
  if (v.retrain) {
    // The Databricks run state (RUNNING, finished: SUCCESS) is the service's own word.
    const state = v.retrain.state.toLowerCase();
    status.push([
      t('drift.retraining'),
      v.retrain.runId ? t('drift.retrainingRun', { state, runId: v.retrain.runId }) : state,
    ]);
  }
  body.push({ ...facts(status), spacing: 'Medium' });
  if (open) {
    body.push(
      text(t(v.retrainAvailable ? 'drift.nextRetrain' : 'drift.next', { target: s.target }), {
        size: 'Small',
        isSubtle: true,
      }),
    );
  }
  const actions = open
    ? [
        ...(v.acknowledgedBy
          ? []
          : [
              executeAction(t('drift.buttonAcknowledge'), {
                verb: DRIFT_ALERT_VERBS.ack,
                incidentId: v.incidentId,
              }),
            ]),
        executeAction(t('drift.buttonSnooze1h'), {
          verb: DRIFT_ALERT_VERBS.snooze,
          incidentId: v.incidentId,
          hours: 1,
        }),
        executeAction(t('drift.buttonSnooze24h'), {
          verb: DRIFT_ALERT_VERBS.snooze,
          incidentId: v.incidentId,
          hours: 24,
        }),
        ...(v.retrainAvailable && !v.retrain
          ? [
              executeAction(t('drift.buttonRetrain'), {
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
