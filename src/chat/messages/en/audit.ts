/** The `audit` card (English: the source). */
export const audit = {
  title: 'Audit log',
  empty: 'Nothing has been audited yet.',
  preview_one: 'Audit log: {{count}} entries',
  preview_other: 'Audit log: {{count}} entries',
  result: {
    ok: '✔ done',
    denied: '⛔ denied',
    failed: '✖ failed',
    cancelled: '↩ cancelled',
    planned: '… planned',
    approved: '✔ approved',
  },
};
