/** Refusals before a handler runs: bad arguments and missing permission (English: the source). */
export const args = {
  notAnOption: '`--{{name}}` is not an option here.',
  notAnOptionKnown: '`--{{name}}` is not an option here. Its options: {{options}}.',
  invalid: '`--{{name}}` {{problem}}.',
  notValid: 'is not valid',
  needsValue: 'needs a value, e.g. `{{example}}`',
  number: 'must be a number from {{min}} to {{max}}',
  numbers: 'takes numbers from {{min}} to {{max}}, e.g. `{{example}}`',
  int: 'must be a whole number from {{min}} to {{max}}',
  noValue: 'takes no value',
  takesNone: 'This command takes no {{what}}; "{{extra}}" is not understood.',
  tooMany: 'Too many words: "{{extra}}" is not understood (it takes {{what}}).',
  usage: '{{problem}} Usage: {{usage}}.',
  usageExample: '{{problem}} Usage: {{usage}}, e.g. {{example}}.',
  /** What a command takes (its `words.what`, an id of this list), for argument refusals. */
  what: {
    subAndEndpoint: 'a sub-command and one endpoint name',
    kindAndTarget: 'a kind and a target',
    count: 'one count',
    endpointName: 'one endpoint name',
    language: 'one language (fr, en or auto)',
    runId: 'one run id',
    suiteName: 'one suite name',
    target: 'one target',
    labWord: 'one word (lab)',
    words: 'words',
  },
  // Permission
  refusal: 'You may not {{what}}.',
  yourId: ' Your id is {{id}} (see `whoami`).',
  dryRun:
    ' `{{command}} --dry-run` shows the plan without changing anything and needs no permission.',
  whatRun: 'run `{{command}}`',
  whatButton: 'use this button (it needs the permission for `{{command}}`)',
  noAdmins:
    'No one may run changes: ADMIN_AAD_OBJECT_IDS is empty. An operator must add Entra object ids to it.',
  byId: 'Your Entra object id is listed in ADMIN_AAD_OBJECT_IDS.',
  byGroup: 'You belong to a group listed in ADMIN_GROUP_IDS.',
  notListed:
    'Changes are granted by the setting ADMIN_AAD_OBJECT_IDS (Entra object ids) and yours is not in it; ask an operator to add it and restart the bot.',
  noObjectId:
    'Your client did not send an Entra object id, so the bot cannot check your permission.',
  notInGroups:
    'Changes are granted by ADMIN_AAD_OBJECT_IDS (Entra object ids) and ADMIN_GROUP_IDS (Entra groups, nested ones count); you are in neither. Ask an operator to add you to one of the groups or your id to the list.',
  groupsUnknown:
    'Your group membership (ADMIN_GROUP_IDS) could not be checked; try again in a minute.',
  alertAnyone: 'DRIFT_ALERT_ACTIONS is anyone.',
  alertOwner: 'You subscribed this channel to the alert.',
  alertPermitted: 'You are a permitted user (ADMIN_AAD_OBJECT_IDS).',
  alertOnlyOwner:
    'Only whoever subscribed this channel (`subscriptions` shows the subscription) may, as DRIFT_ALERT_ACTIONS is owner; ask them.',
  alertOnlyPermitted:
    'Only permitted users (ADMIN_AAD_OBJECT_IDS) and whoever subscribed this channel may; ask one of them, or an operator to add your id.',
};
