/** What `status` says each dependency answered (English: the source; `/readyz` shows it too). */
export const probes = {
  notConfigured: 'not configured',
  checkFailed: '{{name}} check failed.',
  subscription: 'subscription {{name}}{{state}}',
  subscriptionFound: 'subscription found{{state}}',
  signedIn: 'signed in',
  signedInAs: 'signed in as {{user}}',
  hasExperiments: 'tracking server answers (has experiments)',
  noExperiments: 'tracking server answers (no experiments yet)',
  modelsVisible_one: 'answers ({{count}} model visible)',
  modelsVisible_other: 'answers ({{count}} models visible)',
  endpointState: 'endpoint {{state}}',
  endpointFound: 'endpoint found',
};
