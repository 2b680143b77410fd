/**
 * Notes and errors that operation steps store while they run (src/platform/operations/
 * step-text.ts): the card says them in its reader's language. English is word for word what
 * the steps stored before they stored messages, so old rows still match these templates.
 */
export const opsNotes = {
  /** The operation runner's own failures. */
  runner: {
    unknownKind: 'This bot version cannot run "{{kind}}" operations.',
    invalidParams: 'Its saved parameters are not valid for this bot version.',
    stepThrew: 'An unexpected error stopped this step; see the bot log.',
  },
  /** A step stopped by an error that says nothing a user can act on. */
  errors: {
    unexpected: 'An unexpected error stopped this step; the bot log has the details.',
    unexpectedRetry:
      'An unexpected error stopped this step; the bot log has the details. Retry the command.',
  },
  /** Deploy, rollback and canary split steps. */
  deploy: {
    suiteFailed: 'Suite {{suite}} failed: {{summary}}',
    noApiKey: 'AZURE_OPENAI_API_KEY is not configured; nothing to store.',
    secretNewScope: 'new scope {{secret}}',
    secretFrom: '{{secret}} (key of {{account}})',
    secretNewScopeFrom: 'new scope {{secret}} (key of {{account}})',
    creating: 'creating (config v{{version}})',
    busy: 'Endpoint {{name}} is already being updated (config v{{version}}) outside this deployment; try again when it finishes.',
    disappeared: 'Endpoint {{name}} disappeared while it was being updated.',
    notReady: 'Endpoint {{name}} did not become READY within {{minutes}} min.',
    endpointFailed: 'Endpoint {{name}}: {{message}}',
    recordRetry: 'MLflow refused the record (try {{attempt}} of {{tries}}): {{why}} Retrying.',
    notRecorded: 'Not recorded after {{tries}} tries: {{why}}',
    unknownStep: 'unknown step {{id}}',
    noSplit: 'This operation has no canary split to apply.',
    noEndpoint: 'Endpoint {{name}} does not exist; run `deploy` first, then a canary.',
  },
  /** `canary evaluate` steps. */
  canary: {
    noSuite: 'no suite configured',
    notRead: 'the inference rows were not read',
    noComparison: 'no comparison to record',
    notRecorded: 'not recorded',
    buttons: 'buttons on the card',
    notDecided: 'not decided',
    decision: {
      promote: 'promote',
      rollback: 'rollback',
      inconclusive: 'inconclusive',
    },
    /** The steps' titles (evaluate-step-titles.ts). */
    steps: {
      suiteCurrent: 'Run the suite on the current entity',
      suiteCandidate: 'Run the suite on the candidate entity',
      readRows: 'Read both entities from the inference table',
      compare: 'Compare candidate with current',
      mlflow: 'Record the evaluation in MLflow',
      apply: 'Apply the verdict',
      leave: 'Leave the decision to the card',
    },
  },
  /** Provision steps (the lab notes themselves are lab.notes). */
  lab: {
    skippedRegions: ' (skipped {{regions}})',
  },
};
