/** `subscribe runs`: its refusals and how `subscriptions` lists it (English: the source). */
export const runWatch = {
  notConfigured:
    'MLflow is not configured. Set MLFLOW_TRACKING_URI (or DATABRICKS_HOST) and restart the bot.',
  notForRuns:
    '--{{flag}} does not apply to runs: the bot checks subscribed experiments on its own schedule (`{{cron}}`, MLFLOW_WATCH_CRON).',
  onlyFailed: '`--only failed` is the one filter: it posts failed and killed runs only.',
  whichExperiment: 'Which experiment? {{syntax}}; `runs` lists experiments.',
  noExperiment: 'MLflow has no experiment "{{ref}}". `runs` lists experiments.',
  noExperimentDidYouMean: 'MLflow has no experiment "{{ref}}". Did you mean {{names}}?',
  failedOnly: '{{target}} · failed runs only',
  everyEnded: '{{target}} · every ended run',
};
