/** `subscribe`, `unsubscribe`, `subscriptions` et les planifications en toutes lettres. */
export const subscriptions = {
  channelOnly:
    'Les abonnements publient les alertes dans un canal d’équipe : mentionnez-moi avec `subscribe …` dans le canal qui doit les recevoir.',
  subscribed:
    'Abonnement créé dans ce canal : {{what}}. Prochaine vérification : {{next}}. Pour l’arrêter : `unsubscribe {{stop}}`.',
  updated:
    'Abonnement mis à jour dans ce canal : {{what}}. Prochaine vérification : {{next}}. Pour l’arrêter : `unsubscribe {{stop}}`.',
  notWithinYear: 'pas dans l’année',
  noSubscription: 'Ce canal n’a pas d’abonnement « {{kind}} ». Voir `subscriptions`.',
  noSubscriptionFor:
    'Ce canal n’a pas d’abonnement « {{kind}} » pour {{target}}. Voir `subscriptions`.',
  unsubscribed: 'Désabonné : « {{kind}} » ne s’exécute plus dans ce canal.',
  unsubscribedOf: 'Désabonné : « {{kind}} » de {{target}} ne s’exécute plus dans ce canal.',
  none: 'Aucun abonnement dans cette conversation. Créez-en un dans un canal avec {{drift}} ou {{runs}}.',
  listTitle: 'Abonnements de ce canal :',
  next: 'prochaine vérification : {{time}}',
  paused: 'en pause',
  kind: { drift: 'Vérification de dérive', runs: 'Exécutions MLflow' },
  noTarget: '(aucune cible)',
  sustained: 'persistante {{n}}',
  everySecond_one: 'chaque seconde',
  everySecond_other: 'toutes les {{count}} secondes',
  everyMinute_one: 'chaque minute',
  everyMinute_other: 'toutes les {{count}} minutes',
  everyHour_one: 'toutes les heures',
  everyHour_other: 'toutes les {{count}} heures',
  dailyAt: 'chaque jour à {{time}}{{zone}}',
  unknownKind: 'Je ne sais pas m’abonner à « {{kind}} ». Types connus : {{known}}.',
  noKind: 'S’abonner à quoi ? Types connus : {{known}}.',
  whichTarget:
    'Quelle cible ? Utilisez {{syntax}}, ou demandez à un opérateur de définir DRIFT_DEFAULT_TARGET.',
  badTarget: '« {{target}} » n’est pas un nom de cible valide (lettres, chiffres, . _ : -).',
};
