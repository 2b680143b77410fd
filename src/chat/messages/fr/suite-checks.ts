/** Pourquoi une suite de prompts n'a pas pu être chargée, tel que `test` le dit. */
export const suiteChecks = {
  badName: '« {{name}} » n’est pas un nom de suite (lettres, chiffres, - et _).',
  noSuite: 'Aucune suite « {{name}} ». Suites disponibles : {{known}}.',
  noSuiteEmpty: 'Aucune suite « {{name}} ». Le dossier des suites est vide.',
  notYaml: '{{name}} : YAML non valide ({{error}}).',
  invalid: '{{name}} : {{issues}}',
  badRegex: '{{name}} : le cas {{caseId}} contient une expression régulière non valide.',
  /** Why an assertion failed or has no verdict; numbers through i18next's Intl formatter. */
  outcome: {
    notContain: 'ne contient pas « {{text}} »',
    contains: 'contient « {{text}} »',
    noMatch: 'ne correspond pas à /{{source}}/',
    regexSlow: 'l’expression régulière /{{source}}/ a pris plus de {{ms}} ms',
    regexError: 'l’expression régulière /{{source}}/ n’a pas pu s’exécuter : {{message}}',
    notEqual: 'n’est pas égal à « {{text}} »',
    notJson: 'n’est pas un JSON valide',
    tooSlow: 'a pris {{ms}} ms > {{max}} ms',
    tooManyTokens: 'a utilisé {{used}} jetons de complétion > {{max}}',
    similarity:
      'similarité {{score, number(minimumFractionDigits: 2; maximumFractionDigits: 2)}} < {{threshold, number(maximumFractionDigits: 20)}}',
    notDeterministic: 'pas une assertion déterministe',
    ungraded: '{{kind}} non évalué : {{why}}',
    rubricFailed: 'llm-rubric en échec : {{reason}}',
    rubricFailedScored:
      'llm-rubric en échec (score {{score, number(minimumFractionDigits: 2; maximumFractionDigits: 2)}}) : {{reason}}',
    rubricBelow:
      'llm-rubric : score {{score, number(minimumFractionDigits: 2; maximumFractionDigits: 2)}} < {{threshold, number(maximumFractionDigits: 20)}} : {{reason}}',
    rubricPass: 'llm-rubric réussi : {{reason}}',
    rubricPassScored:
      'llm-rubric réussi (score {{score, number(minimumFractionDigits: 2; maximumFractionDigits: 2)}}) : {{reason}}',
    factualityFailed: 'factualité en échec ({{choice}} : {{what}}) : {{reason}}',
    factualityPass: 'factualité ({{choice}}) : {{reason}}',
    similarPass:
      'similaire {{score, number(minimumFractionDigits: 2; maximumFractionDigits: 2)}} ≥ {{threshold, number(maximumFractionDigits: 20)}}',
    similarFail:
      'similaire {{score, number(minimumFractionDigits: 2; maximumFractionDigits: 2)}} < {{threshold, number(maximumFractionDigits: 20)}}',
    relevancePass:
      'pertinence de la réponse {{score, number(minimumFractionDigits: 2; maximumFractionDigits: 2)}} ≥ {{threshold, number(maximumFractionDigits: 20)}}',
    relevanceFail:
      'pertinence de la réponse {{score, number(minimumFractionDigits: 2; maximumFractionDigits: 2)}} < {{threshold, number(maximumFractionDigits: 20)}} ; la réponse répond plutôt à « {{worst}} »',
  },
};
