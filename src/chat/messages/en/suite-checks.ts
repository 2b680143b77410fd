/** Why a prompt suite could not be loaded, as `test` says it (English: the source). */
export const suiteChecks = {
  badName: '"{{name}}" is not a suite name (letters, digits, - and _).',
  noSuite: 'No suite "{{name}}". Available: {{known}}.',
  noSuiteEmpty: 'No suite "{{name}}". The suite folder is empty.',
  notYaml: '{{name}}: not valid YAML ({{error}}).',
  invalid: '{{name}}: {{issues}}',
  badRegex: '{{name}}: case {{caseId}} has an invalid regex.',
};
