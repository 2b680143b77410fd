import type { OperationType, TypedOperation } from '../../platform/operations/operation';
import type { AuditRepository } from '../../platform/store/audit-repository';
import {
  provisionParamsSchema,
  provisionSteps,
  type ProvisionParams,
  type ProvisionStepDeps,
} from './provision-steps';
import { provisionStepTitles } from './step-titles';

export const PROVISION_KIND = 'provision';

export interface ProvisionDeps extends ProvisionStepDeps {
  readonly audit: AuditRepository;
}

/** Writes the audit entry for a finished operation ('ok' / 'failed' with its duration). */
export async function auditFinished(
  audit: AuditRepository,
  op: TypedOperation<unknown>,
): Promise<void> {
  await audit.append({
    actorId: op.requesterId,
    actorName: op.requesterName,
    conversationId: op.conversationId,
    action: op.kind,
    plan: op.plan,
    result: op.state === 'succeeded' ? 'ok' : 'failed',
    detail: op.state === 'succeeded' ? `operation ${op.id}` : (op.error ?? 'failed'),
    durationMs:
      op.startedAt !== undefined && op.finishedAt !== undefined
        ? op.finishedAt - op.startedAt
        : undefined,
  });
}

/**
 * The `provision` operation: resource group → account → deployment → workspace → cluster →
 * libraries, each step idempotent and resumable; the result is audited when it ends.
 */
export const provisionOperation: OperationType<ProvisionParams, ProvisionDeps> = {
  kind: PROVISION_KIND,
  params: provisionParamsSchema,
  steps: provisionSteps,
  stepTitles: provisionStepTitles,
  finished: (op, deps) => auditFinished(deps.audit, op),
};
