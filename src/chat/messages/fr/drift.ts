/** La dérive des données : le rapport `drift`, la carte d'alerte, ses réponses et ses boutons. */
export const drift = {
  whichTargetKnown:
    'Quelle cible ? {{syntax}} ; cibles connues : {{list}}. Un opérateur peut définir DRIFT_DEFAULT_TARGET.',
  whichTargetNone:
    'Quelle cible ? {{syntax}}. Aucune prédiction n’est encore journalisée ; `ask` en journalise une, et un opérateur peut définir DRIFT_DEFAULT_TARGET.',
  noSuchTargetKnown: 'Aucune cible nommée « {{target}} » ; cibles connues : {{list}}.',
  noSuchTargetNone:
    'Aucune cible nommée « {{target}} » ; aucune prédiction n’est encore journalisée.',
  reportPreview_one:
    'Rapport de dérive pour {{target}} : {{count}} caractéristique sur {{tested}} a dérivé',
  reportPreview_other:
    'Rapport de dérive pour {{target}} : {{count}} caractéristiques sur {{tested}} ont dérivé',
  refuseAcknowledge: 'prendre en charge cette alerte',
  refuseSnooze: 'mettre cette alerte en veille',
  reportTitle: 'Rapport de dérive : {{target}}',
  current: 'Fenêtre actuelle',
  reference: 'Référence',
  source: 'Origine des données',
  columnFeature: 'Caractéristique',
  columnTest: 'Test et score',
  columnVerdict: 'Résultat',
  insufficient: 'Données insuffisantes (non testées) : {{list}}.',
  mostDrifted: 'Plus forte dérive : {{name}}',
  calls_one: '{{n}} appel',
  calls_other: '{{n}} appels',
  capped: ' (plafonné)',
  noDataInWindow: 'aucune donnée dans une fenêtre',
  verdictNoData: 'Aucune donnée',
  verdictDrifted: 'DÉRIVE',
  verdictOk: 'Stable',
  noVerdict: 'Pas de verdict : une fenêtre ne contient aucune donnée.',
  datasetDrift_one:
    'Dérive du jeu de données : {{count}} caractéristique sur {{tested}} a dérivé ({{pct}}).',
  datasetDrift_other:
    'Dérive du jeu de données : {{count}} caractéristiques sur {{tested}} ont dérivé ({{pct}}).',
  noDatasetDrift_one:
    'Pas de dérive du jeu de données : {{count}} caractéristique sur {{tested}} a dérivé ({{pct}}).',
  noDatasetDrift_other:
    'Pas de dérive du jeu de données : {{count}} caractéristiques sur {{tested}} ont dérivé ({{pct}}).',
  binning:
    'Fenêtres comptées en entier ; trop de valeurs distinctes, donc {{list}} (augmentez DRIFT_MAX_DISTINCT pour des intervalles plus fins).',
  chartTitle: '{{label}} : part des appels',
  chartFallback: '{{label}} : la plupart des appels à {{before}} avant, {{now}} maintenant.',
  feature: {
    prompt_tokens: 'Jetons du prompt',
    completion_tokens: 'Jetons de la réponse',
    total_tokens: 'Total des jetons',
    latency_ms: 'Latence (ms)',
    prompt_chars: 'Longueur du prompt',
    response_chars: 'Longueur de la réponse',
    finish_reason: 'Motif de fin',
    model: 'Modèle',
    status: 'Statut',
    content_filter: 'Filtre de contenu déclenché',
  },
  sourceName: { 'bot inference log': 'journal d’inférence du bot' },
  alertTitle: 'Alerte de dérive : {{target}}',
  resolvedTitle: 'Résolu : dérive sur {{target}}',
  backToNormal: 'Retour à la normale le {{time}} UTC.',
  more: 'Autres',
  moreFeatures_one: '+{{count}} caractéristique',
  moreFeatures_other: '+{{count}} caractéristiques',
  checks: 'Vérifications',
  checksSince: '{{count}} depuis le {{time}} UTC',
  owner: 'Responsable',
  acknowledged: 'Prise en charge',
  acknowledgedValue: '{{who}}, le {{time}} UTC',
  snoozed: 'En veille',
  snoozedUntil: 'jusqu’au {{time}} UTC',
  retraining: 'Réentraînement',
  retrainingRun: '{{state}} (exécution {{runId}})',
  next: 'Ensuite : lancez « drift {{target}} » pour le rapport complet ; cliquez sur Prendre en charge si vous vous en occupez.',
  nextRetrain:
    'Ensuite : lancez « drift {{target}} » pour le rapport complet ; cliquez sur Prendre en charge si vous vous en occupez ; réentraînez si le modèle ne convient plus.',
  buttonAcknowledge: 'Prendre en charge',
  buttonSnooze1h: 'Mettre en veille 1 h',
  buttonSnooze24h: 'Mettre en veille 24 h',
  buttonRetrain: 'Lancer le réentraînement',
  alertPreview: 'Alerte de dérive : {{target}}',
  resolvedPreview: 'Dérive résolue : {{target}}',
  escalated_one:
    'La dérive sur {{target}} s’aggrave : {{count}} caractéristique sur {{tested}} dérive désormais ({{pct}}) : {{names}}.',
  escalated_other:
    'La dérive sur {{target}} s’aggrave : {{count}} caractéristiques sur {{tested}} dérivent désormais ({{pct}}) : {{names}}.',
  resolved_one:
    'Résolu : plus de dérive du jeu de données sur {{target}} lors de la dernière vérification ({{count}} caractéristique sur {{tested}} en dérive).',
  resolved_other:
    'Résolu : plus de dérive du jeu de données sur {{target}} lors de la dernière vérification ({{count}} caractéristiques sur {{tested}} en dérive).',
  unsubscribed: 'Résolu : l’abonnement a été supprimé, {{target}} n’est donc plus vérifié ici.',
  snoozedBy: '{{who}} a mis en veille les alertes de dérive de {{target}} pour {{hours}} h.',
  acknowledgedBy: '{{who}} a pris en charge l’alerte de dérive de {{target}}.',
  elsewhere:
    'Cette alerte appartient à l’abonnement d’un autre canal ; agissez dessus dans ce canal.',
  retrainNotConfigured:
    'Le réentraînement n’est pas configuré : un opérateur doit définir DRIFT_RETRAIN_JOB_ID et les variables de l’espace de travail Databricks.',
  retrainAlreadyRunning:
    'Un réentraînement est déjà en cours pour cet incident (exécution {{runId}}).',
  retrainStarted:
    '{{who}} a lancé le réentraînement : travail Databricks {{jobId}}, exécution {{runId}}. Je publierai le résultat ici.',
  retrainSucceeded:
    'L’exécution de réentraînement {{runId}} a réussi.{{link}} Vérifiez le nouveau modèle, puis surveillez les prochaines vérifications de dérive.',
  retrainEnded: 'L’exécution de réentraînement {{runId}} s’est terminée : {{state}}.{{link}}',
  retrainEndedWhy:
    'L’exécution de réentraînement {{runId}} s’est terminée : {{state}} ({{message}}).{{link}}',
  openRun: ' [Ouvrir l’exécution]({{url}})',
  gone: 'Cette alerte n’est plus suivie (l’abonnement a été supprimé). Lancez `drift` pour un nouveau rapport.',
};
