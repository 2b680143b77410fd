/** `deploy --canary` et `canary status|promote|rollback` : plans, carte d’état, refus. */
export const canary = {
  badPercent:
    'La part du canari est le pourcentage des requêtes envoyées au candidat : un nombre entier de 1 à 50. Exemple : `deploy --canary 10 --deployment chat-v2`',
  noEndpoint:
    'Le point de terminaison {{name}} n’existe pas encore : il n’y a rien à comparer. Lancez d’abord `deploy`, puis `deploy --canary 10 --deployment NOM`.',
  alreadyRunning:
    'Le point de terminaison {{name}} a déjà un canari en cours ({{candidate}} à {{percent}} %). Terminez-le d’abord avec `canary promote` ou `canary rollback`.',
  sameDeployment:
    '{{deployment}} est déjà servi par le point de terminaison {{name}} ; indiquez le nouveau déploiement avec `--deployment NOM`.',
  noCanary:
    'Le point de terminaison {{name}} n’a pas de canari en cours (il sert {{served}}). Lancez-en un avec `deploy --canary 10 --deployment NOM`.',
  noEndpointStatus: 'Le point de terminaison {{name}} n’existe pas. Créez-le avec `deploy`.',
  usage: 'Syntaxe : `{{usage}}`. Exemple : `canary status`',
  planTitle: 'Canari sur {{name}}',
  planChange:
    'Envoie {{percent}} % des requêtes à {{candidate}} et garde {{rest}} % sur {{current}}.',
  promoteTitle: 'Promouvoir le canari sur {{name}}',
  promoteChange: 'Envoie 100 % des requêtes à {{candidate}} et retire {{current}}.',
  rollbackTitle: 'Annuler le canari sur {{name}}',
  rollbackChange: 'Envoie 100 % des requêtes à {{current}} et retire {{candidate}}.',
  rowEndpoint: 'Point de terminaison',
  rowCurrent: 'Actuel',
  rowCandidate: 'Candidat',
  rowSplit: 'Répartition',
  rowSuite: 'Jugé par',
  rowWindow: 'Fenêtre',
  rowCriteria: 'Critères',
  rowSince: 'Depuis',
  rowKeeps: 'Conserve',
  rowRemoves: 'Retire',
  noSuite: 'aucune suite configurée (définissez CANARY_SUITE)',
  suite: 'suite {{suite}} sur chaque entité servie',
  window: '{{minutes}} min de trafic réparti, puis `canary evaluate`',
  criteria:
    'taux de réussite de la suite, latence, jetons, motifs de fin, taux d’erreurs et de filtrage de contenu : le candidat doit être au moins aussi bon',
  split: '{{current}} % actuel · {{candidate}} % candidat',
  entity: '{{model}} (déploiement {{deployment}})',
  entityState: '{{model}} (déploiement {{deployment}}, {{state}})',
  statusTitle: 'Canari sur {{name}}',
  statusUpdating:
    'Le point de terminaison applique encore cette répartition (mise à jour de la configuration en cours).',
  statusNext:
    'Ensuite : `canary promote` envoie tout le trafic au candidat ; `canary rollback` ne garde que le modèle actuel.',
  noKey:
    'La promotion et l’annulation stockent la clé Azure OpenAI de {{apiBase}} dans un secret Databricks, et aucun compte de ce lab ne la sert : définissez AZURE_OPENAI_API_KEY, puis redémarrez.',
  unknownTime: 'inconnu',
};
