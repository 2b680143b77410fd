/** Notes et erreurs que les étapes d’une opération enregistrent pendant leur exécution. */
export const opsNotes = {
  runner: {
    unknownKind: 'Cette version du bot ne sait pas exécuter les opérations « {{kind}} ».',
    invalidParams: 'Ses paramètres enregistrés ne sont pas valides pour cette version du bot.',
    stepThrew: 'Une erreur inattendue a arrêté cette étape ; consultez le journal du bot.',
  },
  errors: {
    unexpected:
      'Une erreur inattendue a arrêté cette étape ; le journal du bot contient les détails.',
    unexpectedRetry:
      'Une erreur inattendue a arrêté cette étape ; le journal du bot contient les détails. Relancez la commande.',
  },
  deploy: {
    suiteFailed: 'La suite {{suite}} a échoué : {{summary}}',
    noApiKey: 'AZURE_OPENAI_API_KEY n’est pas configurée ; rien à stocker.',
    secretNewScope: 'nouvelle étendue {{secret}}',
    secretFrom: '{{secret}} (clé de {{account}})',
    secretNewScopeFrom: 'nouvelle étendue {{secret}} (clé de {{account}})',
    creating: 'création en cours (config v{{version}})',
    busy: 'Le point de terminaison {{name}} est déjà en cours de mise à jour (config v{{version}}) en dehors de ce déploiement ; réessayez quand elle sera terminée.',
    disappeared: 'Le point de terminaison {{name}} a disparu pendant sa mise à jour.',
    notReady: 'Le point de terminaison {{name}} n’est pas passé à READY en {{minutes}} min.',
    endpointFailed: 'Point de terminaison {{name}} : {{message}}',
    recordRetry:
      'MLflow a refusé l’enregistrement (essai {{attempt}} sur {{tries}}) : {{why}} Nouvel essai.',
    notRecorded: 'Non enregistré après {{tries}} essais : {{why}}',
    unknownStep: 'étape inconnue {{id}}',
    noSplit: 'Cette opération n’a aucune répartition canari à appliquer.',
    noEndpoint:
      'Le point de terminaison {{name}} n’existe pas ; lancez d’abord `deploy`, puis un canari.',
  },
  canary: {
    noSuite: 'aucune suite configurée',
    notRead: 'les lignes d’inférence n’ont pas été lues',
    noComparison: 'aucune comparaison à enregistrer',
    notRecorded: 'non enregistré',
    buttons: 'boutons sur la carte',
    notDecided: 'non tranché',
    decision: {
      promote: 'promouvoir',
      rollback: 'restaurer',
      inconclusive: 'non tranché',
    },
    steps: {
      suiteCurrent: 'Exécuter la suite sur l’entité actuelle',
      suiteCandidate: 'Exécuter la suite sur l’entité candidate',
      readRows: 'Lire les deux entités dans la table d’inférence',
      compare: 'Comparer le candidat à l’actuelle',
      mlflow: 'Enregistrer l’évaluation dans MLflow',
      apply: 'Appliquer le verdict',
      leave: 'Laisser la décision à la carte',
    },
  },
  lab: {
    skippedRegions: ' (régions ignorées : {{regions}})',
  },
};
