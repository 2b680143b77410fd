/** `subscribe runs` : ses refus et la façon dont `subscriptions` l'affiche. */
export const runWatch = {
  notConfigured:
    'MLflow n’est pas configuré. Définissez MLFLOW_TRACKING_URI (ou DATABRICKS_HOST), puis redémarrez le bot.',
  notForRuns:
    '--{{flag}} ne s’applique pas aux exécutions : le bot vérifie les expériences suivies selon sa propre planification (`{{cron}}`, MLFLOW_WATCH_CRON).',
  onlyFailed:
    '`--only failed` est le seul filtre : il publie uniquement les exécutions en échec ou arrêtées.',
  whichExperiment: 'Quelle expérience ? {{syntax}} ; `runs` liste les expériences.',
  noExperiment: 'MLflow n’a pas d’expérience « {{ref}} ». `runs` liste les expériences.',
  noExperimentDidYouMean: 'MLflow n’a pas d’expérience « {{ref}} ». Vouliez-vous dire {{names}} ?',
  failedOnly: '{{target}} · exécutions en échec uniquement',
  everyEnded: '{{target}} · chaque exécution terminée',
};
