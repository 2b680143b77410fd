/** La carte `status` et la réponse « non configuré » de chaque commande qui a des prérequis. */
export const status = {
  title: 'État de {{botName}}',
  environment: 'Environnement **{{environment}}** · version {{version}} · requêtes {{auth}}',
  authenticated: 'authentifiées',
  notAuthenticated: '**non authentifiées** (mode local)',
  notConfigured: '○ Non configuré',
  ok: '✔ Opérationnel',
  failing: '✖ En échec',
  toConfigure: 'Pour configurer : définissez {{settings}}, puis redémarrez le bot.',
  serverFile: 'un fichier sur le serveur du bot (affiché en conversation privée)',
  conversations: 'Conversations connues : {{total}}',
  conversationsUnreachable:
    'Conversations connues : {{total}} ({{inactive}} injoignable(s) : bot supprimé ou bloqué)',
  delivery: 'Messages proactifs : {{pending}} en attente · aucun échec',
  deliveryProblems: 'Messages proactifs : {{pending}} en attente · ⚠ {{problems}}',
  deliveryFailed: '{{count}} en échec',
  deliveryDead: '{{count}} vers des conversations supprimées',
  deliveryUncertain: '{{count}} interrompu(s) par un redémarrage',
  previewFailing: 'État : en échec {{names}}',
  previewOk: 'État : toutes les connexions configurées répondent',
  requirements: {
    missing: {
      azure: 'Azure n’est pas configuré : définissez {{set}}.',
      databricks: 'Databricks n’est pas configuré : définissez {{set}}.',
      mlflow: 'MLflow n’est pas configuré : définissez {{set}}.',
      model: 'Aucun modèle n’est configuré : définissez {{set}}.',
      drift: 'La surveillance de la dérive des données n’est pas configurée : définissez {{set}}.',
      subscriptions: 'Les abonnements de canal ne sont pas configurés : définissez {{set}}.',
    },
    set: {
      azure:
        'AZURE_SUBSCRIPTION_ID (l’abonnement qui accueille le lab) ; le bot se connecte à Azure avec AZURE_TENANT_ID, AZURE_CLIENT_ID et AZURE_CLIENT_SECRET (un principal de service) ou avec son identité managée, pas avec MicrosoftAppId',
      databricks:
        'DATABRICKS_HOST et un jeton (DATABRICKS_TOKEN) ou un client OAuth (DATABRICKS_CLIENT_ID, DATABRICKS_CLIENT_SECRET)',
      mlflow: 'MLFLOW_TRACKING_URI (ou DATABRICKS_HOST)',
      model:
        'AZURE_OPENAI_ENDPOINT et AZURE_OPENAI_DEPLOYMENT (clé ou Entra), DATABRICKS_HOST et DATABRICKS_SERVING_ENDPOINT, ou OPENAI_BASE_URL et OPENAI_MODEL',
      drift:
        'une source d’inférences (le bot journalise ses propres prédictions ; voir DRIFT_* dans docs/configuration.md)',
      subscriptions: 'le planificateur (il tourne, sauf si le bot a été construit sans lui)',
    },
    then: 'Redémarrez ensuite le bot ; `status` affiche chaque connexion.',
  },
};
