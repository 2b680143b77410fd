/** La réponse à un message qui n'est pas une commande. */
export const suggestion = {
  unknownWord: 'Je ne connais pas « {{word}} ».',
  didYouMean: 'Vouliez-vous dire {{ids}} ?',
  or: '{{list}} ou {{last}}',
  seeHelp: 'Envoyez `aide` pour voir toutes les commandes.',
  summaryHelp: 'Envoyez aide pour voir toutes les commandes.',
  helpButton: 'Aide',
  unknownCommand: 'Commande inconnue : « {{command}} ».',
};
