/** The rough monthly cost on the provision plan (English: the source). */
export const cost = {
  line: '≈ {{amount}}/month (cluster {{hours}} h, {{tokens}}M tokens)',
};
