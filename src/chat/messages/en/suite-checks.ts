/** Why a prompt suite could not be loaded, as `test` says it (English: the source). */
export const suiteChecks = {
  badName: '"{{name}}" is not a suite name (letters, digits, - and _).',
  noSuite: 'No suite "{{name}}". Available: {{known}}.',
  noSuiteEmpty: 'No suite "{{name}}". The suite folder is empty.',
  notYaml: '{{name}}: not valid YAML ({{error}}).',
  invalid: '{{name}}: {{issues}}',
  badRegex: '{{name}}: case {{caseId}} has an invalid regex.',
  /** Why an assertion failed or has no verdict; numbers through i18next's Intl formatter. */
  outcome: {
    notContain: 'does not contain "{{text}}"',
    contains: 'contains "{{text}}"',
    noMatch: 'does not match /{{source}}/',
    regexSlow: 'regex /{{source}}/ took longer than {{ms}} ms',
    regexError: 'regex /{{source}}/ could not run: {{message}}',
    notEqual: 'is not equal to "{{text}}"',
    notJson: 'is not valid JSON',
    tooSlow: 'took {{ms}} ms > {{max}} ms',
    tooManyTokens: 'used {{used}} completion tokens > {{max}}',
    similarity:
      'similarity {{score, number(minimumFractionDigits: 2; maximumFractionDigits: 2)}} < {{threshold, number(maximumFractionDigits: 20)}}',
    notDeterministic: 'not a deterministic assertion',
    ungraded: '{{kind}} ungraded: {{why}}',
    rubricFailed: 'llm-rubric failed: {{reason}}',
    rubricFailedScored:
      'llm-rubric failed (score {{score, number(minimumFractionDigits: 2; maximumFractionDigits: 2)}}): {{reason}}',
    rubricBelow:
      'llm-rubric score {{score, number(minimumFractionDigits: 2; maximumFractionDigits: 2)}} < {{threshold, number(maximumFractionDigits: 20)}}: {{reason}}',
    rubricPass: 'llm-rubric: {{reason}}',
    rubricPassScored:
      'llm-rubric (score {{score, number(minimumFractionDigits: 2; maximumFractionDigits: 2)}}): {{reason}}',
    factualityFailed: 'factuality failed ({{choice}}: {{what}}): {{reason}}',
    factualityPass: 'factuality ({{choice}}): {{reason}}',
    similarPass:
      'similar {{score, number(minimumFractionDigits: 2; maximumFractionDigits: 2)}} ≥ {{threshold, number(maximumFractionDigits: 20)}}',
    similarFail:
      'similar {{score, number(minimumFractionDigits: 2; maximumFractionDigits: 2)}} < {{threshold, number(maximumFractionDigits: 20)}}',
    relevancePass:
      'answer-relevance {{score, number(minimumFractionDigits: 2; maximumFractionDigits: 2)}} ≥ {{threshold, number(maximumFractionDigits: 20)}}',
    relevanceFail:
      'answer-relevance {{score, number(minimumFractionDigits: 2; maximumFractionDigits: 2)}} < {{threshold, number(maximumFractionDigits: 20)}}; the answer rather answers "{{worst}}"',
  },
};
