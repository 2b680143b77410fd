/** `deploy --canary` and `canary status|promote|rollback`: plans, status card, refusals. */
export const canary = {
  badPercent:
    'The canary share is the percent of requests sent to the candidate: a whole number from 1 to 50. Example: `deploy --canary 10 --deployment chat-v2`',
  noEndpoint:
    'Endpoint {{name}} does not exist yet, so there is nothing to compare with. Run `deploy` first, then `deploy --canary 10 --deployment NAME`.',
  alreadyRunning:
    'Endpoint {{name}} already runs a canary ({{candidate}} at {{percent}} %). Finish it with `canary promote` or `canary rollback` first.',
  sameDeployment:
    '{{deployment}} is what endpoint {{name}} already serves; name the new deployment with `--deployment NAME`.',
  noCanary:
    'Endpoint {{name}} runs no canary now (it serves {{served}}). Start one with `deploy --canary 10 --deployment NAME`.',
  noEndpointStatus: 'Endpoint {{name}} does not exist. Create it with `deploy`.',
  usage: 'Usage: `{{usage}}`. Example: `canary status`',
  planTitle: 'Canary on {{name}}',
  planChange:
    'Sends {{percent}} % of requests to {{candidate}} and keeps {{rest}} % on {{current}}.',
  promoteTitle: 'Promote canary on {{name}}',
  promoteChange: 'Sends 100 % of requests to {{candidate}} and removes {{current}}.',
  rollbackTitle: 'Roll back canary on {{name}}',
  rollbackChange: 'Sends 100 % of requests to {{current}} and removes {{candidate}}.',
  rowEndpoint: 'Endpoint',
  rowCurrent: 'Current',
  rowCandidate: 'Candidate',
  rowSplit: 'Split',
  rowSuite: 'Judged by',
  rowWindow: 'Window',
  rowCriteria: 'Criteria',
  rowSince: 'Since',
  rowKeeps: 'Keeps',
  rowRemoves: 'Removes',
  noSuite: 'no suite configured (set CANARY_SUITE)',
  suite: 'suite {{suite}} on each entity',
  window: '{{minutes}} min of split traffic, then `canary evaluate`',
  criteria:
    'suite pass rate, latency, tokens, finish reasons, error and content-filter rates: the candidate must be at least as good',
  split: '{{current}} % current · {{candidate}} % candidate',
  entity: '{{model}} via {{deployment}}',
  entityState: '{{model}} via {{deployment}} ({{state}})',
  statusTitle: 'Canary on {{name}}',
  statusUpdating: 'The endpoint is still applying this split (config update in progress).',
  statusNext:
    'Next: `canary promote` sends all traffic to the candidate; `canary rollback` keeps the current model only.',
  noKey:
    'Promote and roll back store the Azure OpenAI key of {{apiBase}} in a Databricks secret, and no account of this lab serves it: set AZURE_OPENAI_API_KEY, then restart.',
  unknownTime: 'unknown',
};
