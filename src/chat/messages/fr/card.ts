/** Textes communs aux cartes (src/cards/card.ts) : les boutons d'un plan. */
export const card = {
  confirm: 'Confirmer',
  cancel: 'Annuler',
};
