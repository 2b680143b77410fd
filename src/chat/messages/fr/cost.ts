/** Le coût mensuel approximatif affiché sur le plan de provisionnement. */
export const cost = {
  line: '≈ {{amount}}/mois (cluster {{hours}} h, {{tokens}} M de jetons)',
};
