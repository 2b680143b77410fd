/** Texts shared by card builders (src/cards/card.ts): a plan's buttons (English: the source). */
export const card = {
  confirm: 'Confirm',
  cancel: 'Cancel',
};
