/** The `status` card and the "not configured" answer of every command with requirements. */
export const status = {
  title: '{{botName}} status',
  environment: 'Environment **{{environment}}** · version {{version}} · requests {{auth}}',
  authenticated: 'authenticated',
  notAuthenticated: '**not authenticated** (local mode)',
  notConfigured: '○ Not configured',
  ok: '✔ OK',
  failing: '✖ Failing',
  toConfigure: 'To configure: set {{settings}}, then restart the bot.',
  serverFile: "a file on the bot's server (shown in personal chat)",
  conversations: 'Conversations known: {{total}}',
  conversationsUnreachable:
    'Conversations known: {{total}} ({{inactive}} unreachable: bot removed or blocked)',
  delivery: 'Proactive messages: {{pending}} waiting · none failed',
  deliveryProblems: 'Proactive messages: {{pending}} waiting · ⚠ {{problems}}',
  deliveryFailed: '{{count}} failed',
  deliveryDead: '{{count}} to removed conversations',
  deliveryUncertain: '{{count}} interrupted by a restart',
  previewFailing: 'Status: failing {{names}}',
  previewOk: 'Status: all configured connections answer',
  requirements: {
    missing: {
      azure: 'Azure is not configured: set {{set}}.',
      databricks: 'Databricks is not configured: set {{set}}.',
      mlflow: 'MLflow is not configured: set {{set}}.',
      model: 'No model is configured: set {{set}}.',
      drift: 'Drift monitoring is not configured: set {{set}}.',
      subscriptions: 'Channel subscriptions is not configured: set {{set}}.',
    },
    set: {
      azure:
        'AZURE_SUBSCRIPTION_ID (the subscription the lab goes in); the bot signs in to Azure with AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (a service principal) or with its managed identity, not with MicrosoftAppId',
      databricks:
        'DATABRICKS_HOST and a token (DATABRICKS_TOKEN) or an OAuth client (DATABRICKS_CLIENT_ID, DATABRICKS_CLIENT_SECRET)',
      mlflow: 'MLFLOW_TRACKING_URI (or DATABRICKS_HOST)',
      model:
        'AZURE_OPENAI_ENDPOINT and AZURE_OPENAI_DEPLOYMENT (key or Entra), DATABRICKS_HOST and DATABRICKS_SERVING_ENDPOINT, or OPENAI_BASE_URL and OPENAI_MODEL',
      drift:
        'an inference source (the bot logs its own predictions; see DRIFT_* in docs/configuration.md)',
      subscriptions: 'the scheduler (it runs unless the bot was built without it)',
    },
    then: 'Then restart the bot; `status` shows each connection.',
  },
};
