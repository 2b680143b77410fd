/**
 * The French texts of the Teams app manifest, keyed by command id rather than by menu position
 * so a reordered registry cannot shift a description onto the wrong command. Command titles are
 * not here: they are the words the menu sends to the bot, which stay English (see
 * buildLocalization). Written with Microsoft's own French Azure terms.
 */
export interface ManifestTexts {
  nameShort: string;
  nameFull: string;
  descriptionShort: string;
  descriptionFull: string;
  /** Menu command id → description shown under it in the command menu. */
  commands: Readonly<Record<string, string>>;
  searchRuns: {
    title: string;
    description: string;
    parameterTitle: string;
    parameterDescription: string;
  };
}

export const MANIFEST_FR: ManifestTexts = {
  nameShort: 'LLMOps Bot',
  nameFull: 'LLMOps Bot pour Azure Databricks et Azure OpenAI',
  descriptionShort: 'Pilotez votre lab LLM sur Azure Databricks et Azure OpenAI depuis Teams.',
  descriptionFull:
    "LLMOps Bot crée et nettoie un lab Azure Databricks et Azure OpenAI, déploie et interroge les modèles, teste les prompts, résume les exécutions MLflow et surveille la dérive des données, le tout depuis une conversation Teams. Les commandes qui modifient des ressources affichent d'abord un plan, exigent une autorisation et une confirmation, et sont journalisées.",
  commands: {
    help: 'Liste toutes les commandes ; « help » suivi d’un nom de commande affiche sa syntaxe et des exemples.',
    status: 'Affiche la configuration et indique si chaque connexion répond.',
    ask: 'Pose une question au modèle ; affiche la réponse, la latence, les jetons et le filtrage de contenu.',
    chat: 'Démarre une conversation avec le modèle ici ; vos messages suivants la poursuivent.',
    test: 'Exécute une suite de prompts (YAML avec assertions) sur une ou plusieurs cibles ; affiche les taux de réussite.',
    deploy:
      'Sert le déploiement Azure OpenAI via un point de terminaison Databricks (plan, confirmation, progression) ; tracé dans MLflow.',
    runs: 'Liste les dernières exécutions MLflow d’une expérience, ou compare deux exécutions.',
    drift:
      'Compare les dernières prédictions d’une cible à sa fenêtre de référence pour détecter une dérive des données.',
    subscribe: 'Publie les alertes de dérive ou les résultats des exécutions MLflow dans ce canal.',
    provision:
      'Planifie et crée le lab : Azure OpenAI, déploiement du modèle, espace de travail et cluster Databricks.',
  },
  searchRuns: {
    title: 'Exécutions MLflow',
    description:
      'Recherche des exécutions MLflow par nom d’expérience ou filtre (metrics.rmse < 0.5) et insère une carte d’exécution.',
    parameterTitle: 'Expérience ou filtre',
    parameterDescription:
      'Un nom d’expérience, un filtre MLflow, ou les deux : churn-model metrics.rmse < 0.5',
  },
};
