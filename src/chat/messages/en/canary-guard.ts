/** Issue 19's loose ends: a plain `deploy` during a canary, and who applies the window's verdict. */
export const canaryGuard = {
  deployDuringCanary:
    'Endpoint {{name}} runs a canary: {{current}} ({{currentEntity}}, {{currentPercent}} %) and the candidate {{candidate}} ({{candidateEntity}}, {{candidatePercent}} %). A plain `deploy` or `rollback` would replace both without a decision. Finish the canary first: `canary promote` keeps the candidate, `canary rollback` keeps the current model. Then `deploy --canary 10 --deployment NAME` starts a new canary, or `deploy` replaces the model.',
  autoWithoutCanary:
    '`--auto` belongs to a canary: `deploy --canary 10 --deployment NAME --auto` applies the verdict of the evaluation after the window by itself.',
  rowAfterWindow: 'After the window',
  afterWindowAuto:
    'the verdict will be applied automatically (promote or roll back, by the evaluation after {{minutes}} min)',
  afterWindowCard:
    'an evaluation after {{minutes}} min posts its card with Promote / Roll back; nothing is applied by itself (add `--auto` to apply it)',
  scheduledNoAuto:
    'The canary on **{{endpoint}}** has run {{minutes}} min: evaluating it now (CANARY_WINDOW_MINUTES). Its card will offer Promote / Roll back; nothing is applied by itself.',
  autoPromoteTitle: "Promote canary on {{endpoint}} (the evaluation's verdict)",
  autoRollbackTitle: "Roll back canary on {{endpoint}} (the evaluation's verdict)",
};
