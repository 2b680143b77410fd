import type { Operation } from '../../platform/operations/operation';
import type { CanaryState } from '../../services/databricks/canary-state';
import type { CanaryEvaluateParams } from './evaluate-operation';

/** The lock of an evaluation: not the endpoint's, which the promote/rollback it applies takes. */
export const canaryLock = (endpoint: string): string => `canary:${endpoint}`;

/**
 * What one evaluation of the canary now compares: both entities by name, the traffic since the
 * split went live (or the last window when the endpoint does not say), until `now`.
 */
export function evaluationParams(
  state: CanaryState,
  o: {
    suite: string | undefined;
    auto: boolean;
    now: number;
    windowMinutes: number;
    /** The endpoint's operations, newest first: their MLflow deployment runs are linked. */
    history: readonly Operation[];
    lang?: 'en' | 'fr';
  },
): CanaryEvaluateParams {
  const from =
    state.since !== undefined && state.since < o.now
      ? state.since
      : o.now - o.windowMinutes * 60_000;
  return {
    endpoint: state.endpoint,
    current: state.current.entityName,
    candidate: state.candidate.entityName,
    ...(o.suite !== undefined ? { suite: o.suite } : {}),
    auto: o.auto,
    from,
    to: o.now,
    deployRunIds: deployRunIdsOf(o.history),
    ...(o.lang ? { lang: o.lang } : {}),
  };
}

/** The MLflow runs of the deploys that put the two entities there: the last two recorded. */
function deployRunIdsOf(history: readonly Operation[]): string[] {
  return history
    .filter((op) => op.state === 'succeeded' && op.outputs.mlflowRunId)
    .map((op) => op.outputs.mlflowRunId ?? '')
    .slice(0, 2);
}
