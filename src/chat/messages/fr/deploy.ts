/** deploy, rollback et compare : réponses, cartes de plan et de progression, avis « non enregistré ». */
export const deploy = {
  badEndpointName:
    'Un nom de point de terminaison contient des lettres, des chiffres, - et _ (63 au plus). Exemple : `deploy --endpoint llmops-chat`',
  badDeploymentName:
    'Un nom de déploiement Azure OpenAI contient des lettres, des chiffres, ., - et _ (64 au plus). Exemple : `deploy --deployment chat-v2`',
  nothingToDeploy:
    'Rien à déployer : lancez `provision`, ou définissez AZURE_OPENAI_ENDPOINT et AZURE_OPENAI_DEPLOYMENT, puis redémarrez le bot.',
  noKey:
    'Le déploiement enregistre la clé Azure OpenAI dans un secret Databricks : définissez AZURE_OPENAI_API_KEY, puis redémarrez le bot.',
  createsEndpoint: 'Crée le point de terminaison {{name}}.',
  replacesConfig: 'Remplace la configuration v{{version}}{{serving}} par une nouvelle version.',
  servedBy: '{{model}} (déploiement {{deployment}})',
  planTitle: 'Déployer {{name}}',
  endpointNew: '{{name}} (nouveau)',
  settings: 'température {{temperature}}, jetons max {{maxTokens}}',
  modelDefault: 'valeur par défaut du modèle',
  gateway: 'suivi de l’utilisation activé ; table d’inférence {{table}}',
  off: 'désactivée',
  gate: 'la suite {{suite}} doit réussir',
  notRecorded: 'non configuré (rien n’est enregistré)',
  keyValue: 'secret Databricks {{secret}} ← {{from}}',
  keyOf: 'clé de {{account}}',
  row: {
    endpoint: 'Point de terminaison',
    model: 'Modèle',
    apiVersion: 'Version de l’API',
    settings: 'Paramètres',
    key: 'Clé',
    gateway: 'Passerelle',
    gate: 'Condition',
    now: 'Actuellement',
    restores: 'Restaure',
    recorded: 'Enregistré',
  },
  busyDeploy:
    'Un déploiement de {{name}} lancé par {{who}} est en cours{{since}}. Attendez qu’il se termine, puis réessayez.',
  busyRollback:
    'Une restauration (rollback) de {{name}} lancée par {{who}} est en cours{{since}}. Attendez qu’elle se termine, puis réessayez.',
  since: ' depuis {{time}} UTC',
  endpointUpdating:
    'Le point de terminaison {{name}} est en cours de mise à jour (configuration v{{version}} IN_PROGRESS). Réessayez quand il sera READY.',
  dryRun: 'Simulation (dry run) : rien n’a été modifié.',
  onlyYou: 'Vous seul pouvez confirmer ; le plan expire dans {{minutes}} min.',
  onlyRequester: 'Seul(e) {{who}} peut confirmer ; le plan expire dans {{minutes}} min.',
  progressDeploy: 'Déploiement de {{name}}',
  progressRollback: 'Restauration de {{name}}',
  openRun: 'Ouvrir l’exécution MLflow',
  progressLine: '{{what}} : {{state}}',
  requester: 'demandeur',
  readyDeploy: '<at>{{name}}</at> Le déploiement de {{endpoint}} est prêt (READY){{unrecorded}}.',
  readyRollback:
    '<at>{{name}}</at> La restauration de {{endpoint}} est prête (READY){{unrecorded}}.',
  failedDeploy: '<at>{{name}}</at> Le déploiement de {{endpoint}} a échoué{{unrecorded}}.',
  failedRollback: '<at>{{name}}</at> La restauration de {{endpoint}} a échoué{{unrecorded}}.',
  unrecordedShort:
    ', mais rien n’est enregistré dans MLflow : `rollback` ne le verra pas (la carte indique quoi faire)',
  unrecorded:
    '{{endpoint}} est déployé, mais pas enregistré dans MLflow : `rollback` ne le verra pas. {{why}} Redéployez quand MLflow répondra (`status` l’indique) pour l’enregistrer.',
  steps: {
    suite: 'Suite de tests {{suite}}',
    secret: 'Enregistrer la clé',
    endpoint: 'Mettre à jour le point de terminaison',
    canary: 'Répartir le trafic',
    wait: 'Attendre l’état READY',
    record: 'Enregistrer dans MLflow',
  },
  notes: {
    noSuite: 'aucune suite exigée',
    updateStarted: 'mise à jour déjà lancée',
    mlflowOff: 'MLflow n’est pas configuré',
    runAndArtifact: 'exécution + artefact de configuration',
    runOnly: 'exécution (pas de magasin d’artefacts)',
  },
  rollback: {
    noMlflow:
      'La restauration lit l’historique des déploiements dans MLflow, qui n’est pas configuré (MLFLOW_TRACKING_URI ou DATABRICKS_HOST).',
    nothingEarlier:
      'Aucun déploiement réussi de {{name}} antérieur et différent de l’actuel n’est enregistré dans l’expérience MLflow {{experiment}}.',
    noEndpoint: 'Le point de terminaison {{name}} n’existe pas ; utilisez `deploy` pour le créer.',
    noKey:
      'La restauration enregistre la clé Azure OpenAI de {{apiBase}} dans un secret Databricks, et aucun compte de ce lab ne sert ce point de terminaison : définissez AZURE_OPENAI_API_KEY, puis redémarrez le bot.',
    title: 'Restaurer {{name}}',
    change:
      'Restaure la configuration déployée le {{day}} par {{who}} (exécution {{run}}) sous une nouvelle version de configuration.',
    recordedValue: 'configuration v{{version}}, {{day}}',
  },
  compare: {
    what: 'Comparer quoi ? Exemple : `compare --targets azure,databricks Bonjour`',
    needTwo:
      'La comparaison demande deux variantes : deux cibles (`--targets a,b`) ou deux réglages (`--temperature 0,1`).',
    tooMany: 'Au plus {{max}} variantes côte à côte ; vous en avez demandé {{count}}.',
    temperature: '{{target}} · température {{temperature}}',
    summary: 'Comparaison : {{labels}}',
    title: 'Comparaison',
    status: 'Statut',
    latency: 'Latence',
    tokens: 'Jetons',
    finish: 'Fin',
    filter: 'Filtre',
  },
};
