/** La carte d'aide, en français. */
export const help = {
  title: 'Commandes de {{botName}}',
  titleOne: 'Aide : {{command}}',
  intro:
    'Dans un canal ou une conversation de groupe, mentionnez-moi d’abord avec @. Tapez « aide » suivi d’un nom de commande (par ex. « aide ask ») pour sa syntaxe et des exemples.',
  needsPermission: ' (autorisation requise)',
  actsAtOnce: ' Autorisation requise ; s’applique immédiatement (pas de plan à confirmer).',
  plansFirst: ' Autorisation requise ; affiche d’abord un plan et vous demande de le confirmer.',
  dryRunOpen: ' Avec --dry-run, elle affiche seulement le plan, et tout le monde peut la lancer.',
  examples: 'Exemples : {{examples}}',
  synonyms: 'Aussi compris : {{words}}',
  quoted: '« {{word}} »',
  noSuchCommand: 'La commande « {{command}} » n’existe pas.',
  summary: 'Commandes de {{botName}} : {{ids}}',
  button: { status: 'État', whoami: 'Qui suis-je ?' },
  group: {
    'Models and prompts': 'Modèles et prompts',
    MLflow: 'MLflow',
    Drift: 'Dérive des données',
    Lab: 'Lab',
    Bot: 'Bot',
  },
};
