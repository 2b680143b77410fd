/** Ce que le moteur de dérive dit d'une caractéristique, tel qu'une carte de dérive l'affiche. */
export const driftDetail = {
  binnedTo: 'comptée par intervalles de {{width}}{{unit}}',
};
