import type { Reply } from '../../chat/reply';
import { buildProgressCard } from '../../cards/operation-progress-card';
import type { Operation, OperationKind } from '../../platform/operations/operation';
import type { AuditRepository } from '../../platform/store/audit-repository';
import { cleanupParams, cleanupSteps, type CleanupStepDeps } from './cleanup-steps';
import { auditFinished, finishedMention } from './provision-operation';

export const CLEANUP_KIND = 'cleanup';

/** The cleanup progress card; it ends with the verification, stated only when it holds. */
export function renderCleanup(op: Readonly<Operation>, now: number): Reply {
  const p = cleanupParams(op.params);
  const verified = op.state === 'succeeded' && op.outputs.verification;
  const card = buildProgressCard({
    title: `Clean up ${op.environment}`,
    subtitle: `${op.requesterName ?? 'someone'} · ${p.resourceGroup}${p.keepResourceGroup ? ' (kept)' : ''}`,
    state: op.state,
    steps: op.steps,
    now,
    outputs: [],
    error: op.error,
    footer: verified
      ? `✔ ${op.outputs.verification} (checked by listing the subscription).`
      : undefined,
  });
  return { kind: 'card', card, summary: `Clean up ${op.environment}: ${op.state}` };
}

/**
 * The `cleanup` operation: cluster → bot-made serving endpoints → deployments → account →
 * purge → workspace → resource group → verification; audited and mentioned like provision.
 */
export function cleanupKind(deps: CleanupStepDeps & { audit: AuditRepository }): OperationKind {
  return {
    kind: CLEANUP_KIND,
    steps: (op) => cleanupSteps(deps, cleanupParams(op.params)),
    render: renderCleanup,
    finished: (op) => {
      auditFinished(deps.audit, op);
      return finishedMention(op, 'Cleanup');
    },
  };
}
