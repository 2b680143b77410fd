/** Drift: the `drift` report, the alert card, its thread replies and its buttons (English: the source). */
export const drift = {
  whichTargetKnown:
    'Which target? {{syntax}}; known: {{list}}. An operator can set DRIFT_DEFAULT_TARGET.',
  whichTargetNone:
    'Which target? {{syntax}}. No predictions are logged yet; `ask` logs one, and an operator can set DRIFT_DEFAULT_TARGET.',
  noSuchTargetKnown: 'No target named "{{target}}"; known: {{list}}.',
  noSuchTargetNone: 'No target named "{{target}}"; no predictions are logged yet.',
  reportPreview_one: 'Drift report for {{target}}: {{count}} of {{tested}} features drifted',
  reportPreview_other: 'Drift report for {{target}}: {{count}} of {{tested}} features drifted',
  /** What a refusal says was refused ("You may not …"). */
  refuseAcknowledge: 'acknowledge this alert',
  refuseSnooze: 'snooze this alert',
  // Report card
  reportTitle: 'Drift report: {{target}}',
  current: 'Current',
  reference: 'Reference',
  source: 'Source',
  columnFeature: 'Feature',
  columnTest: 'Test and score',
  columnVerdict: 'Verdict',
  insufficient: 'Insufficient data (not tested): {{list}}.',
  mostDrifted: 'Most drifted: {{name}}',
  // Shared wording
  calls_one: '{{n}} calls',
  calls_other: '{{n}} calls',
  capped: ' (capped)',
  noDataInWindow: 'no data in a window',
  verdictNoData: 'No data',
  verdictDrifted: 'DRIFTED',
  verdictOk: 'OK',
  noVerdict: 'No verdict: a window has no data.',
  datasetDrift_one: 'Dataset drift: {{count}} of {{tested}} features drifted ({{pct}}).',
  datasetDrift_other: 'Dataset drift: {{count}} of {{tested}} features drifted ({{pct}}).',
  noDatasetDrift_one: 'No dataset drift: {{count}} of {{tested}} features drifted ({{pct}}).',
  noDatasetDrift_other: 'No dataset drift: {{count}} of {{tested}} features drifted ({{pct}}).',
  binning:
    'Whole windows counted; too many distinct values, so {{list}} (raise DRIFT_MAX_DISTINCT for finer bins).',
  chartTitle: '{{label}}: share of calls',
  chartFallback: '{{label}}: most calls at {{before}} before, {{now}} now.',
  /** Labels of the monitored features, by column name. */
  feature: {
    prompt_tokens: 'Prompt tokens',
    completion_tokens: 'Completion tokens',
    total_tokens: 'Total tokens',
    latency_ms: 'Latency (ms)',
    prompt_chars: 'Prompt length',
    response_chars: 'Response length',
    finish_reason: 'Finish reason',
    model: 'Model',
    status: 'Status',
    content_filter: 'Content filter hit',
  },
  /** Window sources with a name of their own (a Databricks table is named by its table). */
  sourceName: { 'bot inference log': 'bot inference log' },
  // Alert card
  alertTitle: 'Drift alert: {{target}}',
  resolvedTitle: 'Resolved: drift on {{target}}',
  backToNormal: 'Back to normal at {{time}} UTC.',
  more: 'More',
  moreFeatures_one: '+{{count}} features',
  moreFeatures_other: '+{{count}} features',
  checks: 'Checks',
  checksSince: '{{count}} since {{time}} UTC',
  owner: 'Owner',
  acknowledged: 'Acknowledged',
  acknowledgedValue: '{{who}}, {{time}} UTC',
  snoozed: 'Snoozed',
  snoozedUntil: 'until {{time}} UTC',
  retraining: 'Retraining',
  retrainingRun: '{{state}} (run {{runId}})',
  next: 'Next: run "drift {{target}}" for the full report; Acknowledge if you are on it.',
  nextRetrain:
    'Next: run "drift {{target}}" for the full report; Acknowledge if you are on it; retrain if the model no longer fits.',
  buttonAcknowledge: 'Acknowledge',
  buttonSnooze1h: 'Snooze 1h',
  buttonSnooze24h: 'Snooze 24h',
  buttonRetrain: 'Start retraining',
  // Thread replies and button answers
  alertPreview: 'Drift alert: {{target}}',
  resolvedPreview: 'Drift resolved: {{target}}',
  escalated_one:
    'Drift on {{target}} got worse: {{count}} of {{tested}} features now drift ({{pct}}): {{names}}.',
  escalated_other:
    'Drift on {{target}} got worse: {{count}} of {{tested}} features now drift ({{pct}}): {{names}}.',
  resolved_one:
    'Resolved: no dataset drift on {{target}} in the latest check ({{count}} of {{tested}} features drift).',
  resolved_other:
    'Resolved: no dataset drift on {{target}} in the latest check ({{count}} of {{tested}} features drift).',
  unsubscribed: 'Resolved: subscription removed, so {{target}} is no longer checked here.',
  snoozedBy: '{{who}} snoozed drift alerts for {{target}} for {{hours}} h.',
  acknowledgedBy: '{{who}} acknowledged the drift alert for {{target}}.',
  elsewhere: "This alert belongs to another channel's subscription; act on it in that channel.",
  retrainNotConfigured:
    'Retraining is not configured: an operator must set DRIFT_RETRAIN_JOB_ID and the Databricks workspace variables.',
  retrainAlreadyRunning: 'Retraining already runs for this incident (run {{runId}}).',
  retrainStarted:
    "{{who}} started retraining: Databricks job {{jobId}}, run {{runId}}. I'll report the result here.",
  retrainSucceeded:
    'Retraining run {{runId}} succeeded.{{link}} Check the new model, then watch the next drift checks.',
  retrainEnded: 'Retraining run {{runId}} ended: {{state}}.{{link}}',
  retrainEndedWhy: 'Retraining run {{runId}} ended: {{state}} ({{message}}).{{link}}',
  openRun: ' [Open the run]({{url}})',
  gone: 'This alert is no longer tracked (the subscription was removed). Run `drift` for a fresh report.',
};
