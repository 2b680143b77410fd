import { typedOperation, type Operation } from '../../platform/operations/operation';
import type { ServedExternalModel } from '../../services/databricks/serving';
import { candidateEntityName, entityNameFor } from '../../services/databricks/serving-traffic';
import { DEPLOY_KIND, deployParamsSchema, type DeployParams } from './deploy-params';

const deployType = { kind: DEPLOY_KIND, params: deployParamsSchema };

/** What a deploy stored for the model it served, beyond the entity Databricks shows. */
export type ServedSettings = Pick<
  DeployParams['model'],
  'temperature' | 'maxTokens' | 'modelVersion'
>;

/** The entity a deploy put on the endpoint: a canary start adds the candidate, others one entity. */
const entityOf = (p: DeployParams): string =>
  p.canary?.action === 'start'
    ? candidateEntityName(p.model.modelName)
    : entityNameFor(p.model.modelName);

/**
 * The settings the deploy that put `entity` there recorded (temperature, max tokens, model
 * version), from the endpoint's operations newest first: a canary's promote or rollback keeps
 * the surviving entity as it was served instead of resetting it to the configured defaults.
 * Undefined when no stored deploy made that entity (e.g. it was deployed outside the bot).
 */
export function servedSettingsOf(
  history: readonly Operation[],
  entity: Pick<ServedExternalModel, 'entityName' | 'deploymentName'>,
): ServedSettings | undefined {
  for (const raw of history) {
    const op = raw.state === 'succeeded' ? typedOperation(deployType, raw) : undefined;
    const m = op?.params.model;
    if (!op || !m || m.deploymentName !== entity.deploymentName) continue;
    if (entityOf(op.params) !== entity.entityName) continue;
    return {
      temperature: m.temperature,
      ...(m.maxTokens !== undefined ? { maxTokens: m.maxTokens } : {}),
      ...(m.modelVersion !== undefined ? { modelVersion: m.modelVersion } : {}),
    };
  }
  return undefined;
}
