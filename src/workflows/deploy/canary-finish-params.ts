import type { CanaryState } from '../../services/databricks/canary-state';
import type { DeployParams, KeyFrom } from './deploy-params';
import type { DeployServices } from './deploy-services';

/**
 * The deploy that ends a canary: promote keeps the candidate, rollback keeps the current
 * entity; either way one entity at 100 %. Shared by the typed `canary promote|rollback` plan and
 * the evaluation's `--auto`, so both change the endpoint the same way.
 */
export function canaryFinishParams(
  d: Pick<DeployServices, 'temperature' | 'inferenceTable'>,
  state: CanaryState,
  which: 'promote' | 'rollback',
  keyFrom: KeyFrom | undefined,
): DeployParams {
  const keep = which === 'promote' ? state.candidate : state.current;
  return {
    model: {
      endpoint: state.endpoint,
      modelName: keep.modelName,
      apiBase: keep.apiBase,
      deploymentName: keep.deploymentName,
      apiVersion: keep.apiVersion,
      temperature: d.temperature,
    },
    inferenceTable: d.inferenceTable,
    canary: { action: which },
    ...(keyFrom ? { keyFrom } : {}),
  };
}
