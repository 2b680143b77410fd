import type { CanaryState } from '../../services/databricks/canary-state';
import type { DeployParams, KeyFrom } from './deploy-params';
import type { DeployServices } from './deploy-services';
import type { ServedSettings } from './served-settings';

/**
 * The deploy that ends a canary: promote keeps the candidate, rollback keeps the current
 * entity; either way one entity at 100 %. Shared by the typed `canary promote|rollback` plan and
 * the evaluation's `--auto`, so both change the endpoint the same way. `kept` is what the deploy
 * of the surviving entity stored (served-settings.ts); the configured defaults only without it.
 */
export function canaryFinishParams(
  d: Pick<DeployServices, 'temperature' | 'inferenceTable'>,
  state: CanaryState,
  which: 'promote' | 'rollback',
  keyFrom: KeyFrom | undefined,
  kept: ServedSettings | undefined,
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
      ...kept,
    },
    inferenceTable: d.inferenceTable,
    canary: { action: which },
    ...(keyFrom ? { keyFrom } : {}),
  };
}
