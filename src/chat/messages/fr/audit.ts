/** La carte `audit`. */
export const audit = {
  title: 'Journal d’audit',
  empty: 'Rien n’a encore été audité.',
  preview_one: 'Journal d’audit : {{count}} entrée',
  preview_other: 'Journal d’audit : {{count}} entrées',
  result: {
    ok: '✔ effectué',
    denied: '⛔ refusé',
    failed: '✖ échec',
    cancelled: '↩ annulé',
    planned: '… planifié',
    approved: '✔ approuvé',
  },
};
