/** La carte whoami et sa ligne de résumé. */
export const whoami = {
  title: 'Qui suis-je',
  user: 'Utilisateur',
  unknownUser: 'inconnu',
  objectId: 'ID d’objet Entra',
  noObjectId: 'non fourni par le client',
  conversation: 'Conversation',
  team: 'Équipe',
  channel: 'Canal',
  mayRunChanges: 'Peut lancer des modifications',
  yes: 'Oui',
  no: 'Non',
  type: {
    personal: 'Conversation privée',
    groupChat: 'Conversation de groupe',
    channel: 'Canal d’équipe',
  },
  summaryAllowed: 'Vous êtes {{name}} ; modifications autorisées',
  summaryDenied: 'Vous êtes {{name}} ; modifications non autorisées',
};
