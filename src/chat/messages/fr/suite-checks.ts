/** Pourquoi une suite de prompts n'a pas pu être chargée, tel que `test` le dit. */
export const suiteChecks = {
  badName: '« {{name}} » n’est pas un nom de suite (lettres, chiffres, - et _).',
  noSuite: 'Aucune suite « {{name}} ». Suites disponibles : {{known}}.',
  noSuiteEmpty: 'Aucune suite « {{name}} ». Le dossier des suites est vide.',
  notYaml: '{{name}} : YAML non valide ({{error}}).',
  invalid: '{{name}} : {{issues}}',
  badRegex: '{{name}} : le cas {{caseId}} contient une expression régulière non valide.',
};
