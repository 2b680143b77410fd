/** Les erreurs qui ont interrompu un tour, telles que l'utilisateur les lit. */
export const errors = {
  somethingWrong:
    'Une erreur s’est produite (réf. : {{ref}}). Un opérateur trouvera les détails dans le journal du bot sous cette référence.',
  turnTooLong:
    'Cela a pris trop de temps (plus de {{duration, deadline}}) : je n’attends plus, et rien d’autre ne se passera pour cette demande. Un travail déjà lancé comme opération continue et rend compte sur sa propre carte. Réessayez, et lancez `status` si cela se reproduit.',
  buttonGone: 'Ce bouton n’est plus pris en charge. Relancez la commande.',
  storeUnavailable:
    'Le bot ne peut pas joindre sa base de données pour le moment, donc rien n’a été fait. Réessayez dans une minute ; `status` indique quand la base est de nouveau disponible.',
};
