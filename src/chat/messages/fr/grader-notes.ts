/** Pourquoi une assertion évaluée par modèle n'a pas de verdict, et les échecs d'appel d'un modèle. */
export const graderNotes = {
  noGrader: 'aucun modèle évaluateur (définissez SUITE_GRADER_TARGET)',
  graderFailed: 'l’appel à l’évaluateur a échoué : {{failure}}',
  noEmbeddings: 'aucun déploiement d’embeddings (définissez SUITE_EMBEDDINGS_TARGET)',
  noScore: 'l’évaluateur n’a donné aucun « score » à comparer au seuil',
  answeredNothing: 'l’évaluateur n’a rien répondu',
  notJson: 'l’évaluateur n’a pas répondu en JSON (« {{head}} »)',
  notObject: 'l’évaluateur a répondu un JSON qui n’est pas un objet',
  noPass: 'l’évaluateur n’a donné aucun booléen « pass »',
  badScore: 'le « score » de l’évaluateur n’est pas un nombre de 0 à 1',
  noReason: 'l’évaluateur n’a donné aucune « reason »',
  badChoice: 'le « choice » de l’évaluateur n’est pas l’un de A, B, C, D, E',
  noQuestions: 'l’évaluateur n’a donné aucune liste de « questions »',
  embeddings: {
    vectorCount:
      'le déploiement d’embeddings « {{deployment}} » a renvoyé {{vectors}} vecteurs pour {{texts}} textes.',
    timedOut:
      'le déploiement d’embeddings « {{deployment}} » n’a pas répondu en {{duration, deadline}}.',
    rateLimited:
      'le déploiement d’embeddings « {{deployment}} » est limité en débit ; réessayez dans {{duration, deadline}}.',
    notFound:
      'le déploiement d’embeddings « {{deployment}} » n’existe pas sur le compte Azure OpenAI. Vérifiez SUITE_EMBEDDINGS_TARGET.',
    refused: 'le déploiement d’embeddings « {{deployment}} » a refusé la requête (HTTP {{code}}).',
    unreachable: 'le déploiement d’embeddings « {{deployment}} » est injoignable.',
  },
  model: {
    timedOut:
      '{{name}} n’a pas fini de répondre en {{duration, deadline}}. Réessayez, ou avec un prompt plus court.',
    unreachable: '{{name}} est injoignable. Vérifiez son adresse et lancez `status`.',
    unreadable: '{{name}} a envoyé une réponse que le bot ne sait pas lire.',
    unauthorized: '{{name}} a rejeté la clé du bot. Renouvelez la clé configurée pour lui.',
    forbidden: '{{name}} a refusé la requête : l’identité du bot n’a pas l’autorisation.',
    deploymentNotFound:
      'Le déploiement « {{model}} » n’existe pas (encore) sur {{name}}. S’il vient d’être créé, attendez quelques minutes.',
    noModel: '{{name}} n’a aucun modèle ni point de terminaison nommé « {{model}} ».',
    serverError: '{{name}} a rencontré une erreur interne. Réessayez plus tard.',
    rejected: '{{name}} a rejeté la requête.',
    rejectedCode: '{{name}} a rejeté la requête ({{code}}).',
    tooLong:
      'La conversation est plus longue que ce que {{model}} accepte. Raccourcissez-la ou lancez `chat reset`.',
    promptTooLong:
      'Le prompt compte {{chars}} caractères ; la limite est de {{max}}. Raccourcissez-le et réessayez.',
    notConfigured: 'La cible « {{name}} » n’est pas configurée.',
    notServing:
      'La cible « {{name}} » n’est pas un point de terminaison de service Databricks ; seuls ceux-ci ont des entités servies.',
  },
};
