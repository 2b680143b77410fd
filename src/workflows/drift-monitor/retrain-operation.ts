import { z } from 'zod';
import {
  plannedSteps,
  type OperationType,
  type OperationView,
} from '../../platform/operations/operation';
import type { OperationRepository } from '../../platform/operations/operation-repository';
import { registerKind, type RegisteredKind } from '../../platform/operations/registered-kind';
import { startOperation } from '../../platform/operations/start-operation';

export const retrainParamsSchema = z.object({ incidentId: z.string(), runId: z.number() });
export type RetrainParams = z.infer<typeof retrainParamsSchema>;

export interface RetrainStepDeps {
  /** One look at the run: records its state, replies in the thread once it ended (true then). */
  readonly reportRun: (incidentId: string) => Promise<boolean>;
  readonly pollMs: number;
}

/** One watch per incident: the operation's lock is named after it. */
export const retrainEnvironment = (incidentId: string) => `drift-retrain:${incidentId}`;

/**
 * Watching a retraining run the alert card's button started, as an operation: the runner
 * persists it, holds its lease and resumes it after a restart or on another replica, as it does
 * for provisioning. The replies go to the alert's thread (reportRun); the operation has no card.
 */
export const retrainOperation: OperationType<RetrainParams, RetrainStepDeps> = {
  kind: 'drift-retrain',
  params: retrainParamsSchema,
  steps: (p) => [
    {
      id: 'watch',
      title: `Retraining run ${p.runId}`,
      run: async (ctx, deps) =>
        (await deps.reportRun(ctx.operation.params.incidentId))
          ? { status: 'done' }
          : { status: 'waiting', pollAfterMs: deps.pollMs },
    },
  ],
};

export const retrainView: OperationView<RetrainParams> = {
  render: (op) => ({ kind: 'text', text: `Retraining run ${op.params.runId}: ${op.state}.` }),
};

/** Starts (or finds) the watch of an incident's retraining run; for IncidentActionsDeps.watchRun. */
export async function watchRetrainRun(
  repo: OperationRepository,
  w: { incidentId: string; runId: number; requester: string; conversationId: string },
): Promise<void> {
  const params: RetrainParams = { incidentId: w.incidentId, runId: w.runId };
  await startOperation(repo, {
    kind: retrainOperation.kind,
    environment: retrainEnvironment(w.incidentId),
    params,
    steps: plannedSteps(retrainOperation, params),
    requesterId: w.requester,
    requesterName: w.requester,
    conversationId: w.conversationId,
  });
}

/** The kind as the runner holds it; `reportRun` is IncidentActions'. */
export const retrainKind = (
  actions: Pick<RetrainStepDeps, 'reportRun'>,
  pollMs = 15_000,
): RegisteredKind =>
  registerKind(retrainOperation, { reportRun: (id) => actions.reportRun(id), pollMs }, retrainView);
