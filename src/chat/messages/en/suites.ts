/** `test <suite>`: its replies and the suite result card. */
export const suites = {
  whichSuite: 'Which suite? Available: {{list}}. Example: {{example}}',
  noSuites: 'No prompt suites found in the configured folder (PROMPT_SUITES_DIR).',
  needsSetting:
    'Suite {{suite}} uses {{kinds}}, graded by {{what}}, and {{setting}} is not set. Ask an admin to set {{setting}} and restart the bot, then run {{command}} again.',
  what: {
    SUITE_GRADER_TARGET: 'a grader model (a target name such as azure or databricks)',
    SUITE_EMBEDDINGS_TARGET: 'an Azure OpenAI embeddings deployment',
  },
  settingsWrong:
    'Suite {{suite}} cannot be graded: {{problems}}. Ask an admin to fix this setting and restart the bot.',
  summary: 'Suite {{suite}}: {{passed}}/{{total}} passed',
  summaryUngraded: 'Suite {{suite}}: {{passed}}/{{total}} passed, {{ungraded}} ungraded',
  title: 'Prompt suite: {{suite}}',
  targetLine:
    '{{passed}}/{{total}} passed ({{percent}}%) · p50 {{p50}} ms · p95 {{p95}} ms · {{tokens}} tokens',
  targetUngraded: ' · {{ungraded}} ungraded',
  allPassed: '✔ Every case passed.',
  failing: '**Failing cases ({{count}})**',
  failingCase: '✖ **{{id}}** on {{target}}: {{reasons}}',
  ungraded: '**Ungraded ({{count}})**: the grader gave no verdict, so these are not passes.',
  ungradedCase: '◌ **{{id}}** on {{target}}: {{reasons}}',
  graderNotes: "**Grader's reasons for passing cases**",
  passedCase: '✔ **{{id}}** on {{target}}: {{reasons}}',
  more: '…and {{count}} more.',
  openRun: 'Open MLflow run',
};
