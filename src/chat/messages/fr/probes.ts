/** Ce que `status` affiche pour la réponse de chaque dépendance. */
export const probes = {
  notConfigured: 'non configuré',
  checkFailed: 'La vérification de {{name}} a échoué.',
  subscription: 'abonnement {{name}}{{state}}',
  subscriptionFound: 'abonnement trouvé{{state}}',
  signedIn: 'connecté',
  signedInAs: 'connecté en tant que {{user}}',
  hasExperiments: 'le serveur de suivi répond (des expériences existent)',
  noExperiments: 'le serveur de suivi répond (aucune expérience pour l’instant)',
  modelsVisible_one: 'répond ({{count}} modèle visible)',
  modelsVisible_other: 'répond ({{count}} modèles visibles)',
  endpointState: 'point de terminaison {{state}}',
  endpointFound: 'point de terminaison trouvé',
};
