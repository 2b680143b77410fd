import type { OperationType } from '../../platform/operations/operation';
import {
  DEPLOY_KIND,
  deployParamsSchema,
  type DeployKindDeps,
  type DeployParams,
} from './deploy-params';
import { deploySteps } from './deploy-steps';

/** The audited action: `deploy`, `rollback`, or `canary-start|promote|rollback`. */
export const deployAction = (p: DeployParams): string =>
  p.canary ? `canary-${p.canary.action}` : p.rollbackOf ? 'rollback' : 'deploy';

/**
 * `deploy` (and `rollback`, which deploys a recorded config) as an operation; the outcome is
 * audited when it ends.
 */
export const deployOperation: OperationType<DeployParams, DeployKindDeps> = {
  kind: DEPLOY_KIND,
  params: deployParamsSchema,
  steps: (p) => deploySteps(p),
  async finished(op, deps) {
    const p = op.params;
    await deps.audit?.append({
      actorId: op.requesterId,
      actorName: op.requesterName,
      conversationId: op.conversationId,
      action: deployAction(p),
      plan: op.plan,
      result: op.state === 'succeeded' ? 'ok' : 'failed',
      detail:
        op.error ??
        ([
          op.outputs.configVersion ? `config v${op.outputs.configVersion}` : '',
          op.outputs.recordError ? `not recorded in MLflow: ${op.outputs.recordError}` : '',
        ]
          .filter(Boolean)
          .join('; ') ||
          undefined),
      durationMs: op.startedAt !== undefined ? (deps.now ?? Date.now)() - op.startedAt : undefined,
    });
  },
};
