/** ask, chat, la carte de réponse, les paramètres du chat, les cibles, et une phrase lue comme commande. */
export const chat = {
  askWhat: 'Quelle est votre question ? Exemple : `ask Qu’est-ce que MLflow ?`',
  nameOneTarget: 'Indiquez une cible.',
  nameAtLeastOneTarget: 'Indiquez au moins une cible.',
  unknownTarget: 'Cible inconnue « {{name}} ». Cibles : {{known}}.',
  noneConfigured: 'aucune configurée',
  noTarget:
    'Aucun modèle n’est configuré. Définissez AZURE_OPENAI_ENDPOINT/API_KEY/DEPLOYMENT, DATABRICKS_HOST/TOKEN + DATABRICKS_SERVING_ENDPOINT, ou OPENAI_BASE_URL/API_KEY/MODEL, puis redémarrez. Voir `status`.',
  noSession: 'Vous n’avez pas de session de chat ici. Démarrez-en une avec `chat [system prompt]`.',
  dropped_one:
    '\n\n_({{count}} message, le plus ancien, ne tenait plus dans le contexte et a été retiré)_',
  dropped_other:
    '\n\n_({{count}} messages, les plus anciens, ne tenaient plus dans le contexte et ont été retirés)_',
  emptyAnswer: '(réponse vide)',
  notSavedRange:
    'Non enregistré : la température doit être entre 0 et 2, et le nombre maximal de jetons un entier de 1 à 32000.',
  notSavedTarget: 'Non enregistré : cible inconnue « {{name}} ».',
  saved: 'Enregistré. Le prochain message utilisera ces paramètres.',
  ended: 'Chat terminé. Un message libre affiche de nouveau l’aide.',
  reset: 'Historique effacé, paramètres conservés. Vous pouvez continuer.',
  started:
    'Chat démarré avec {{target}}. Écrivez vos messages normalement ; `chat settings`, `chat reset` ou `chat end` à tout moment.',
  startedWithPrompt:
    'Chat démarré avec {{target}} et votre message système. Écrivez vos messages normalement ; `chat settings`, `chat reset` ou `chat end` à tout moment.',
  defaultTarget: 'la cible par défaut',
  idleEnded:
    'Une session de chat s’est terminée ici après {{span}} sans message, et son historique a été effacé. Envoyez `chat [system prompt]` pour en démarrer une nouvelle.',
  settings: {
    title: 'Paramètres du chat',
    systemPrompt: 'Message système',
    temperature: 'Température (0–2)',
    maxTokens: 'Jetons max',
    target: 'Cible',
    save: 'Enregistrer',
  },
  answer: {
    title: 'Réponse',
    target: 'Cible',
    status: 'État',
    latency: 'Latence',
    tokens: 'Jetons',
    tokenCounts: '{{prompt}} invite · {{completion}} complétion · {{total}} au total',
    finishReason: 'Motif de fin',
    contentFilter: 'Filtre de contenu',
    passed: 'réussi',
    blocked: 'bloqué',
    notChecked: 'non vérifié',
    blockedAt: 'bloqué à l’étape {{stage}} ({{categories}})',
    unspecified: 'non précisé',
  },
  reading: {
    readAs: 'J’ai compris : `{{line}}`',
    readAsPlain: 'J’ai compris : {{line}}',
    nothingRuns:
      'Rien ne s’exécute tant que vous n’appuyez pas sur Exécuter. Envoyez `aide` pour voir toutes les commandes.',
    command: 'Commande',
    typeCommand: 'Saisissez une commande, par exemple aide',
    run: 'Exécuter',
    edit: 'Modifier',
  },
};
