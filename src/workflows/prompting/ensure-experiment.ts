import { ServiceError } from '../../services/errors';
import type { MlflowService } from '../../services/mlflow/mlflow-service';

/**
 * The experiment's id, creating it on first use. Get-then-create (reference §9): two bots or
 * two turns racing to create it both end up with the same id instead of an error.
 */
export async function ensureExperiment(mlflow: MlflowService, name: string): Promise<string> {
  const notFound = (err: unknown) => err instanceof ServiceError && err.reason === 'not-found';
  try {
    return (await mlflow.getExperimentByName(name)).experimentId;
  } catch (err) {
    if (!notFound(err)) throw err;
  }
  try {
    return await mlflow.createExperiment(name, { 'llmops.created-by': 'llmops-bot' });
  } catch (err) {
    if (err instanceof ServiceError && err.reason === 'conflict') {
      return (await mlflow.getExperimentByName(name)).experimentId;
    }
    throw err;
  }
}

/** Experiment names differ by flavor: Databricks wants absolute workspace paths. */
export function defaultExperimentName(
  mlflow: Pick<MlflowService, 'flavor'>,
  configured: string | undefined,
  base: string,
): string {
  if (configured) return configured;
  return mlflow.flavor === 'databricks' ? `/Shared/${base}` : base;
}
