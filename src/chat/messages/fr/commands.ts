/** La description de chaque commande, par identifiant (carte d'aide). */
export const commands = {
  help: 'Liste toutes les commandes ; « aide » suivi d’un nom de commande affiche sa syntaxe et des exemples.',
  status: 'Affiche ce qui est configuré et si chaque connexion répond.',
  whoami:
    'Indique qui vous êtes pour le bot, où vous êtes et si vous pouvez lancer des modifications.',
  language:
    'Choisit la langue de cette conversation : fr, en ou auto (suit la langue Teams de chaque message).',
  audit: 'Liste les dernières actions auditées : qui a fait quoi, avec quel résultat.',
  ask: 'Pose une question au modèle ; affiche la réponse, la latence, les jetons et le résultat du filtre de contenu.',
  chat: 'Démarre ici une conversation avec le modèle ; vos messages suivants la poursuivent.',
  compare:
    'Exécute un prompt sur deux cibles ou deux réglages et affiche les réponses côte à côte.',
  test: 'Exécute une suite de prompts (YAML avec assertions) sur une ou plusieurs cibles ; affiche les taux de réussite.',
  deploy:
    'Sert le déploiement Azure OpenAI depuis un point de terminaison Databricks (plan, confirmation, progression) ; enregistré dans MLflow.',
  canary:
    'Suivre, évaluer, promouvoir ou annuler un canari : un modèle candidat sur une part du trafic du point de terminaison.',
  rollback:
    'Restaure la configuration du point de terminaison du déploiement précédent enregistré dans MLflow.',
  runs: 'Liste les dernières exécutions MLflow d’une expérience, ou compare deux exécutions.',
  run: 'Résume une exécution MLflow : statut, paramètres, métriques face à la meilleure exécution, historique.',
  drift:
    'Compare les dernières prédictions d’une cible à sa fenêtre de référence pour détecter une dérive des données.',
  subscribe: 'Publie dans ce canal les alertes de dérive ou les résultats des exécutions MLflow.',
  unsubscribe: 'Arrête l’un des abonnements de ce canal.',
  subscriptions: 'Liste les abonnements de ce canal et leur prochaine exécution.',
  provision:
    'Planifie et crée le lab : Azure OpenAI, déploiement du modèle, espace de travail et cluster Databricks.',
  cleanup:
    'Supprime le lab d’Azure (confirmation saisie) et vérifie qu’il ne reste rien de facturable.',
};
