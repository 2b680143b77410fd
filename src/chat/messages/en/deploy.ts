/** deploy, rollback and compare: replies, plan and progress cards, and the "not recorded" notice. */
export const deploy = {
  badEndpointName:
    'Endpoint names use letters, digits, - and _ (max 63). Example: `deploy --endpoint llmops-chat`',
  badDeploymentName:
    'Azure OpenAI deployment names use letters, digits, ., - and _ (max 64). Example: `deploy --deployment chat-v2`',
  nothingToDeploy:
    'Nothing to deploy: run `provision`, or set AZURE_OPENAI_ENDPOINT and AZURE_OPENAI_DEPLOYMENT and restart.',
  noKey:
    'Deploy stores the Azure OpenAI key in a Databricks secret: set AZURE_OPENAI_API_KEY, then restart.',
  createsEndpoint: 'Creates endpoint {{name}}.',
  replacesConfig: 'Replaces config v{{version}}{{serving}} with a new version.',
  servedBy: '{{model}} via {{deployment}}',
  planTitle: 'Deploy {{name}}',
  endpointNew: '{{name}} (new)',
  settings: 'temperature {{temperature}}, max tokens {{maxTokens}}',
  modelDefault: 'model default',
  gateway: 'usage tracking on; inference table {{table}}',
  off: 'off',
  gate: 'suite {{suite}} must pass',
  notRecorded: 'not configured (not recorded)',
  keyValue: 'secret {{secret}} ← {{from}}',
  keyOf: 'key of {{account}}',
  row: {
    endpoint: 'Endpoint',
    model: 'Model',
    apiVersion: 'API version',
    settings: 'Settings',
    key: 'Key',
    gateway: 'Gateway',
    gate: 'Gate',
    now: 'Now',
    restores: 'Restores',
    recorded: 'Recorded',
  },
  busyDeploy:
    'A deploy of {{name}} by {{who}} is in progress{{since}}. Wait for it to finish, then try again.',
  busyRollback:
    'A rollback of {{name}} by {{who}} is in progress{{since}}. Wait for it to finish, then try again.',
  since: ' since {{time}} UTC',
  endpointUpdating:
    'Endpoint {{name}} is being updated right now (config v{{version}} IN_PROGRESS). Try again when it is READY.',
  dryRun: 'Dry run: nothing was changed.',
  onlyYou: 'Only you can confirm; the plan expires in {{minutes}} min.',
  onlyRequester: 'Only {{who}} can confirm; the plan expires in {{minutes}} min.',
  progressDeploy: 'Deploy {{name}}',
  progressRollback: 'Rollback {{name}}',
  openRun: 'Open MLflow run',
  progressLine: '{{what}}: {{state}}',
  requester: 'requester',
  readyDeploy: '<at>{{name}}</at> Deploy of {{endpoint}} is READY{{unrecorded}}.',
  readyRollback: '<at>{{name}}</at> Rollback of {{endpoint}} is READY{{unrecorded}}.',
  failedDeploy: '<at>{{name}}</at> Deploy of {{endpoint}} failed{{unrecorded}}.',
  failedRollback: '<at>{{name}}</at> Rollback of {{endpoint}} failed{{unrecorded}}.',
  unrecordedShort:
    ', but not recorded in MLflow: rollback will not see it (the card says what to do)',
  unrecorded:
    '{{endpoint}} is deployed, but not recorded in MLflow: rollback will not see it. {{why}} Deploy again once MLflow answers (`status` shows it) to record it.',
  /** Progress steps of a deploy or rollback. */
  steps: {
    suite: 'Suite {{suite}}',
    secret: 'Store key',
    endpoint: 'Update endpoint',
    canary: 'Split traffic',
    wait: 'Wait for READY',
    record: 'Record in MLflow',
  },
  /** Fixed step notes; the steps store the English text, the card maps it back to its key. */
  notes: {
    noSuite: 'no suite required',
    updateStarted: 'update already started',
    mlflowOff: 'MLflow is not configured',
    runAndArtifact: 'run + config artifact',
    runOnly: 'run (no artifact store)',
  },
  rollback: {
    noMlflow:
      'Rollback reads the deployment history from MLflow, which is not configured (MLFLOW_TRACKING_URI or DATABRICKS_HOST).',
    nothingEarlier:
      'No earlier successful deployment of {{name}} that differs from the current one is recorded in MLflow experiment {{experiment}}.',
    noEndpoint: 'Endpoint {{name}} does not exist; use `deploy` to create it.',
    noKey:
      'Rollback stores the Azure OpenAI key of {{apiBase}} in a Databricks secret, and no account of this lab serves it: set AZURE_OPENAI_API_KEY, then restart.',
    title: 'Rollback {{name}}',
    change:
      'Restores the config deployed {{day}} by {{who}} (run {{run}}) as a new config version.',
    recordedValue: 'config v{{version}}, {{day}}',
  },
  compare: {
    what: 'Compare what? Example: `compare --targets azure,databricks Hello`',
    needTwo:
      'Compare needs two variants: two targets (`--targets a,b`) or two settings (`--temperature 0,1`).',
    tooMany: 'At most {{max}} variants side by side; you asked for {{count}}.',
    temperature: '{{target}} · temperature {{temperature}}',
    summary: 'Compare: {{labels}}',
    title: 'Compare',
    status: 'Status',
    latency: 'Latency',
    tokens: 'Tokens',
    finish: 'Finish',
    filter: 'Filter',
  },
};
