import { cardReply, textReply, type Reply } from '../chat/reply';
import { featureLabel, type DriftSummary } from '../drift/drift-summary';
import type {
  DriftAlertRenderer,
  RetrainResultView,
} from '../workflows/drift-monitor/drift-alert-renderer';
import { buildDriftAlertCard } from './drift-alert-card';

const counts = (s: DriftSummary) => `${s.report.drifted_columns} of ${s.report.tested_columns}`;

// An empty URL from the Jobs API counts as none: a link without a target only confuses.
const runLink = (url: string | undefined) => (url ? ` [Open the run](${url})` : '');

function retrainFinished(r: RetrainResultView): Reply {
  return textReply(
    r.succeeded
      ? `Retraining run ${r.runId} succeeded.${runLink(r.runPageUrl)} Check the new model, then watch the next drift checks.`
      : `Retraining run ${r.runId} ended: ${r.state}${r.stateMessage ? ` (${r.stateMessage})` : ''}.${runLink(r.runPageUrl)}`,
  );
}

/** What drift monitoring says in Teams: the alert card and the short lines in its thread. */
export const driftAlertMessages: DriftAlertRenderer = {
  alert: (view) =>
    cardReply(
      buildDriftAlertCard(view),
      `Drift ${view.status === 'resolved' ? 'resolved' : 'alert'}: ${view.summary.target}`,
    ),
  escalated: (s) => {
    const names = s.report.columns
      .filter((c) => c.drifted === true)
      .map((c) => featureLabel(c.name));
    return textReply(
      `Drift on ${s.target} got worse: ${counts(s)} features now drift (${Math.round(s.report.share * 100)}%): ${names.join(', ')}.`,
    );
  },
  resolved: (s) =>
    textReply(
      `Resolved: no dataset drift on ${s.target} in the latest check (${counts(s)} features drift).`,
    ),
  unsubscribed: (target) =>
    textReply(`Resolved: subscription removed, so ${target} is no longer checked here.`),
  snoozed: (who, target, hours) =>
    textReply(`${who} snoozed drift alerts for ${target} for ${hours} h.`),
  acknowledged: (who, target) => textReply(`${who} acknowledged the drift alert for ${target}.`),
  elsewhere: () =>
    textReply("This alert belongs to another channel's subscription; act on it in that channel."),
  retrainNotConfigured: () =>
    textReply(
      'Retraining is not configured: an operator must set DRIFT_RETRAIN_JOB_ID and the Databricks workspace variables.',
    ),
  retrainAlreadyRunning: (runId) =>
    textReply(`Retraining already runs for this incident (run ${runId}).`),
  retrainNotStarted: (reason) => textReply(reason),
  retrainStarted: (who, jobId, runId) =>
    textReply(
      `${who} started retraining: Databricks job ${jobId}, run ${runId}. I'll report the result here.`,
    ),
  retrainFinished,
  gone: () =>
    textReply(
      'This alert is no longer tracked (the subscription was removed). Run `drift` for a fresh report.',
    ),
};
