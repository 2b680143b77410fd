/** `test <suite>` : ses réponses et la carte de résultat de la suite. */
export const suites = {
  whichSuite: 'Quelle suite ? Disponibles : {{list}}. Exemple : {{example}}',
  noSuites: 'Aucune suite de prompts dans le dossier configuré (PROMPT_SUITES_DIR).',
  needsSetting:
    'La suite {{suite}} utilise {{kinds}}, évalué par {{what}}, et {{setting}} n’est pas défini. Demandez à un administrateur de définir {{setting}} et de redémarrer le bot, puis relancez {{command}}.',
  what: {
    SUITE_GRADER_TARGET: 'un modèle évaluateur (un nom de cible comme azure ou databricks)',
    SUITE_EMBEDDINGS_TARGET: 'un déploiement d’incorporations (embeddings) Azure OpenAI',
  },
  settingsWrong:
    'La suite {{suite}} ne peut pas être évaluée : {{problems}}. Demandez à un administrateur de corriger ce paramètre et de redémarrer le bot.',
  summary: 'Suite {{suite}} : {{passed}}/{{total}} réussis',
  summaryUngraded: 'Suite {{suite}} : {{passed}}/{{total}} réussis, {{ungraded}} non évalués',
  title: 'Suite de prompts : {{suite}}',
  targetLine:
    '{{passed}}/{{total}} réussis ({{percent}} %) · p50 {{p50}} ms · p95 {{p95}} ms · {{tokens}} jetons',
  targetUngraded: ' · {{ungraded}} non évalués',
  allPassed: '✔ Tous les cas ont réussi.',
  failing: '**Cas en échec ({{count}})**',
  failingCase: '✖ **{{id}}** sur {{target}} : {{reasons}}',
  ungraded:
    '**Non évalués ({{count}})** : l’évaluateur n’a pas rendu de verdict, ces cas ne comptent pas comme réussis.',
  ungradedCase: '◌ **{{id}}** sur {{target}} : {{reasons}}',
  graderNotes: '**Raisons de l’évaluateur pour les cas réussis**',
  passedCase: '✔ **{{id}}** sur {{target}} : {{reasons}}',
  more: '…et {{count}} de plus.',
  openRun: 'Ouvrir l’exécution MLflow',
};
