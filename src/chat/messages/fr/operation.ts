/** Le parcours plan → approbation → confirmation → progression de provision, cleanup, deploy et rollback. */
export const operation = {
  again: 'Relancez `{{command}}` pour obtenir un nouveau plan.',
  since: ' depuis {{time}} UTC',
  endpoint: 'le point de terminaison {{name}}',
  locked:
    'Refusé : `{{command}}` ne peut pas démarrer : **{{who}}** exécute `{{kind}}` sur **{{target}}**{{since}}. Une seule modification à la fois s’y exécute ; réessayez quand elle sera terminée.',
  expired: 'Ce plan a expiré. {{again}}',
  notRequester:
    'Seul(e) {{who}} peut confirmer ce plan. Lancez `{{command}}` vous-même pour obtenir votre propre plan.',
  whoAsked: 'la personne qui l’a demandé',
  elsewhere: 'Ce plan ne peut être confirmé que dans la conversation où il a été créé.',
  notPlanned: 'Ce plan est déjà {{state}} ; il n’y a plus rien à faire.',
  handled: 'traité',
  unknown: 'Ce plan n’existe plus. {{again}}',
  cancelUnknown: 'Ce plan n’existe plus.',
  cancelNotRequester: 'Seul(e) {{who}} peut annuler ce plan.',
  theRequester: 'le demandeur',
  cancelElsewhere: 'Ce plan ne peut être annulé que dans la conversation où il a été créé.',
  cancelNotPlanned: 'Ce plan est déjà {{state}} ; il ne peut plus être annulé.',
  cancelled: '– {{command}} annulé. Rien n’a été créé ni modifié.',
  cannotShow: 'Cette version du bot ne sait pas afficher les opérations « {{kind}} ».',
  /** L'état comme mot dans une phrase (« Ce plan est déjà annulé »). */
  state: {
    planned: 'planifié',
    running: 'en cours',
    succeeded: 'réussi',
    failed: 'en échec',
    cancelled: 'annulé',
    expired: 'expiré',
  },
  /** L'état dans le coin d'une carte de progression. */
  stateLabel: {
    planned: '○ Planifié',
    running: '◔ En cours',
    succeeded: '✔ Terminé',
    failed: '✖ Échec',
    cancelled: '– Annulé',
    expired: '– Expiré',
  },
  step: {
    pending: 'En attente',
    running: 'En cours',
    done: 'Terminé',
    failed: 'Échec',
    skipped: 'Ignoré',
  },
  finished: {
    mention: '<at>{{name}}</at> {{what}} de **{{environment}}** {{outcome}}.',
    done: 'est terminé',
    failed: 'a échoué — la carte indique quoi faire',
    requester: 'demandeur',
  },
  approval: {
    waiting:
      'Ce plan attend une approbation : un autre utilisateur autorisé doit d’abord appuyer sur **Approuver** (APPROVALS_REQUIRED=2). Appuyez ensuite de nouveau sur le bouton de confirmation.',
    notNeeded: 'Ce plan ne demande pas d’approbation ; {{requester}} peut le confirmer.',
    alreadyState: 'Ce plan est déjà {{state}} ; il n’y a rien à approuver.',
    expired: 'Ce plan a expiré. {{requester}} peut relancer `{{command}}`.',
    elsewhere: 'Ce plan ne peut être approuvé que dans la conversation où il a été créé.',
    own: 'Vous avez demandé ce plan, vous ne pouvez donc pas l’approuver : un autre utilisateur autorisé doit appuyer sur **Approuver**.',
    already: 'Déjà approuvé par {{who}}.',
    meanwhile: 'Ce plan a reçu une réponse entre-temps ; il n’y a rien à approuver.',
    approvedSuffix: ' · approuvé par {{who}}',
    approvedNote: '✔ Approuvé par **{{who}}**. {{requester}} peut maintenant confirmer.',
    needsNote:
      'Un second regard est nécessaire : un autre utilisateur autorisé appuie sur **Approuver**, puis {{requester}} confirme. {{requester}} ne peut pas approuver son propre plan.',
    approve: 'Approuver',
  },
};
