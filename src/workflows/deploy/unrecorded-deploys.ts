import { typedOperation, type Operation } from '../../platform/operations/operation';
import { DEPLOY_KIND, deployParamsSchema } from './deploy-params';

const deployType = { kind: DEPLOY_KIND, params: deployParamsSchema };

/** A deployment that serves now but has no MLflow run, so `rollback` cannot see it. */
export interface UnrecordedDeploy {
  endpoint: string;
  finishedAt: number | undefined;
  requester: string;
  /** Why MLflow refused the record (describeError's sentence). */
  why: string;
}

/**
 * Per endpoint, its newest succeeded deploy if that one was not recorded (`ops` newest first).
 * An older unrecorded deploy no longer matters once a newer one of the same endpoint landed.
 */
export function unrecordedDeploys(ops: readonly Operation[]): UnrecordedDeploy[] {
  const seen = new Set<string>();
  const out: UnrecordedDeploy[] = [];
  for (const raw of ops) {
    const op = raw.state === 'succeeded' ? typedOperation(deployType, raw) : undefined;
    if (!op || seen.has(op.params.model.endpoint)) continue;
    seen.add(op.params.model.endpoint);
    const why = op.outputs.recordError;
    if (why !== undefined) {
      out.push({
        endpoint: op.params.model.endpoint,
        finishedAt: op.finishedAt,
        requester: op.requesterName ?? op.requesterId,
        why,
      });
    }
  }
  return out;
}
