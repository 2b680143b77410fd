/**
 * The parts of the `status` card that come from below the dialogs: the store's line, probe
 * names and target notes, and the settings accepted with a warning at start (English: the source).
 */
export const statusDetail = {
  sqlite: 'SQLite, {{mode}}, schema v{{version}}',
  postgres: 'PostgreSQL {{server}}, schema v{{version}}, {{open}} of {{max}} connections open',
  name: {
    store: 'Store',
    model: 'Model',
    modelOf: 'Model: {{target}}',
  },
  target: {
    workspace: 'Databricks workspace',
    openAICompatible: 'OpenAI-compatible',
    openAICompatibleModel: 'OpenAI-compatible, {{model}}',
  },
  notObjectId:
    '{{variable}}: "{{id}}" is not an Entra object id, so nobody matches it. Use the GUID form, e.g. 00000000-0000-0000-0000-000000000000 (`whoami` shows a user\'s id).',
};
