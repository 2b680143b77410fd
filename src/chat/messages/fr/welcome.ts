/** La carte de bienvenue, envoyée une fois à l'installation. */
export const welcome = {
  title: 'Bienvenue dans {{botName}}',
  pitch:
    'Je pilote votre lab LLM sur Azure Databricks et Azure OpenAI depuis la conversation : approvisionnement, déploiement, interrogation et test de prompts, résumé des exécutions MLflow, surveillance de la dérive des données et nettoyage.',
  wherePersonal: 'Tapez une commande ci-dessous.',
  whereShared: 'Mentionnez @{{botName}} suivi d’une commande.',
  tryThese: '{{where}} Essayez : {{examples}}.',
  showAll: 'Afficher toutes les commandes',
};
