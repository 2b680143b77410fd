/** Les erreurs qui ont interrompu un tour, telles que l'utilisateur les lit. */
export const errors = {
  somethingWrong:
    'Une erreur s’est produite (réf. : {{ref}}). Un opérateur trouvera les détails dans le journal du bot sous cette référence.',
  storeUnavailable:
    'Le bot ne peut pas joindre sa base de données pour le moment, donc rien n’a été fait. Réessayez dans une minute ; `status` indique quand la base est de nouveau disponible.',
};
