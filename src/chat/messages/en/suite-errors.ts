/**
 * Why a prompt suite file does not fit the format (one sentence per problem, naming the field and
 * what to write), and why its model-graded checks cannot run (English: the source).
 */
export const suiteErrors = {
  join: '{{first}}; {{rest}}',
  or: '{{first}} or {{rest}}',
  /** The field of a problem with the whole document (an empty file, a list instead of a mapping). */
  file: 'the file',
  type: {
    string: 'text',
    number: 'a number',
    int: 'a whole number',
    boolean: 'true or false',
    object: 'a mapping (key: value)',
    array: 'a list',
    nothing: 'nothing',
    other: 'another kind of value',
  },
  wrongType: '{{path}}: expected {{expected}}, received {{received}}',
  missing: '{{path}} is missing: write {{expected}}',
  small: {
    string_one: '{{path}}: write at least {{count}} character',
    string_other: '{{path}}: write at least {{count}} characters',
    array_one: '{{path}}: list at least {{count}} item',
    array_other: '{{path}}: list at least {{count}} items',
    number: '{{path}}: write a number ≥ {{limit, number}}',
    numberStrict: '{{path}}: write a number > {{limit, number}}',
  },
  big: {
    string_one: '{{path}}: write at most {{count}} character',
    string_other: '{{path}}: write at most {{count}} characters',
    array_one: '{{path}}: list at most {{count}} item',
    array_other: '{{path}}: list at most {{count}} items',
    number: '{{path}}: write a number ≤ {{limit, number}}',
    numberStrict: '{{path}}: write a number < {{limit, number}}',
  },
  unrecognized_one: '{{path}}: unknown key {{keys}}; remove it or check its spelling',
  unrecognized_other: '{{path}}: unknown keys {{keys}}; remove them or check their spelling',
  unknownKey: '{{path}}: unknown key {{keys}}; write one of {{options}}',
  exactlyOne: '{{path}}: write exactly one of {{options}}',
  oneOfTypes: '{{path}}: write {{expected}}',
  oneOfValues: '{{path}}: write one of {{values}}',
  idChars: '{{path}}: use letters, digits, . _ -',
  format: '{{path}}: not a valid {{format}}',
  /** A problem the suite format does not expect; zod's own words, in English. */
  other: '{{path}}: {{message}}',
  /** Suite-grading settings that are set but cannot be used (`test` refuses to run). */
  graderUnknown: 'SUITE_GRADER_TARGET "{{name}}" names no configured target ({{known}})',
  graderNoTargets: 'SUITE_GRADER_TARGET "{{name}}" names no configured target (none configured)',
  embeddingsNoEndpoint: 'SUITE_EMBEDDINGS_TARGET needs AZURE_OPENAI_ENDPOINT',
  /** More than one setting is wrong (`suites.settingsWrong` says the one). */
  settingsWrongMany:
    'Suite {{suite}} cannot be graded: {{problems}}. Ask an admin to fix these settings and restart the bot.',
};
