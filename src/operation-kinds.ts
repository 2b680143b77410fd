import { registerKind, type RegisteredKind } from './platform/operations/registered-kind';
import type { CanaryEvaluateDeps } from './workflows/canary-eval/evaluate-operation';
import type { DeployKindDeps } from './workflows/deploy/deploy-params';
import type { Provisioning } from './workflows/provisioning/create-provisioning';

/**
 * Part of the composition root (src/index.ts, kept apart for its length): each operation
 * kind's steps come from its workflow, its card from the chat side, paired here. Both are imported only for a feature that is configured (deploy: Databricks; provision and
 * cleanup: an Azure subscription), so an unconfigured feature costs no memory.
 */
export async function registeredKinds(
  deploy: DeployKindDeps | undefined,
  provisioning: Provisioning['deps'] | undefined,
  canaryEval?: CanaryEvaluateDeps,
): Promise<RegisteredKind[]> {
  const kinds: RegisteredKind[] = [];
  if (deploy) {
    const [{ deployOperation }, { deployView }] = await Promise.all([
      import('./workflows/deploy/deploy-operation.js'),
      import('./cards/deploy-view.js'),
    ]);
    kinds.push(registerKind(deployOperation, deploy, deployView));
  }
  if (canaryEval) {
    const [{ canaryEvaluateOperation }, { canaryEvaluationOperationView }] = await Promise.all([
      import('./workflows/canary-eval/evaluate-operation.js'),
      import('./cards/canary-evaluation-view.js'),
    ]);
    kinds.push(registerKind(canaryEvaluateOperation, canaryEval, canaryEvaluationOperationView));
  }
  if (provisioning) {
    const [{ provisionOperation }, { cleanupOperation }, { provisionView }, { cleanupView }] =
      await Promise.all([
        import('./workflows/provisioning/provision-operation.js'),
        import('./workflows/provisioning/cleanup-operation.js'),
        import('./cards/provision-view.js'),
        import('./cards/cleanup-view.js'),
      ]);
    kinds.push(
      registerKind(provisionOperation, provisioning, provisionView),
      registerKind(cleanupOperation, provisioning, cleanupView),
    );
  }
  return kinds;
}
