/** Suites du ticket 19 : un `deploy` simple pendant un canari, et qui applique le verdict de la fenêtre. */
export const canaryGuard = {
  deployDuringCanary:
    'Le point de terminaison {{name}} exécute un canari : {{current}} ({{currentEntity}}, {{currentPercent}} %) et le candidat {{candidate}} ({{candidateEntity}}, {{candidatePercent}} %). Un `deploy` ou un `rollback` simple remplacerait les deux sans décision. Terminez d’abord le canari : `canary promote` garde le candidat, `canary rollback` garde le modèle actuel. Ensuite, `deploy --canary 10 --deployment NOM` démarre un nouveau canari, ou `deploy` remplace le modèle.',
  autoWithoutCanary:
    '`--auto` accompagne un canari : `deploy --canary 10 --deployment NOM --auto` applique de lui-même le verdict de l’évaluation faite après la fenêtre.',
  rowAfterWindow: 'Après la fenêtre',
  afterWindowAuto:
    'le verdict sera appliqué automatiquement (promotion ou restauration, par l’évaluation faite après {{minutes}} min)',
  afterWindowCard:
    'une évaluation après {{minutes}} min publie sa carte avec Promouvoir / Restaurer ; rien n’est appliqué de lui-même (ajoutez `--auto` pour l’appliquer)',
  scheduledNoAuto:
    'Le canari de **{{endpoint}}** tourne depuis {{minutes}} min : évaluation en cours (CANARY_WINDOW_MINUTES). Sa carte proposera Promouvoir / Restaurer ; rien n’est appliqué de lui-même.',
  autoPromoteTitle: 'Promotion du canari sur {{endpoint}} (verdict de l’évaluation)',
  autoRollbackTitle: 'Restauration du canari sur {{endpoint}} (verdict de l’évaluation)',
};
