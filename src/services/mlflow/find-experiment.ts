import { ServiceError } from '../errors';
import type { MlflowService } from './mlflow-service';
import { nearestNames } from './mlflow-settings';
import type { MlflowExperiment } from './mlflow-types';

/** An active experiment found by id or name, or the nearest names when there is none. */
export type ExperimentLookup =
  | { ok: true; experiment: Pick<MlflowExperiment, 'experimentId' | 'name'> }
  | { ok: false; suggestions: string[] };

const missing = (err: unknown) =>
  err instanceof ServiceError && (err.reason === 'not-found' || err.reason === 'bad-request');

async function active(get: () => Promise<MlflowExperiment>): Promise<MlflowExperiment | undefined> {
  try {
    const experiment = await get();
    return experiment.lifecycleStage === 'deleted' ? undefined : experiment;
  } catch (err) {
    if (missing(err)) return undefined;
    throw err;
  }
}

/**
 * Case-insensitive name match, or (Databricks, where names are workspace paths) the unique
 * experiment whose last path segment is `ref`. One filtered search; quotes cannot be escaped
 * in an MLflow filter, so such names only match exactly.
 */
async function byLooseName(
  mlflow: MlflowService,
  ref: string,
): Promise<MlflowExperiment | undefined> {
  if (ref.includes("'")) return undefined;
  const page = await mlflow.searchExperiments({ filter: `name ILIKE '%${ref}'`, maxResults: 200 });
  const lower = ref.toLowerCase();
  const exact = page.items.find((e) => e.name.toLowerCase() === lower);
  if (exact) return exact;
  const base = page.items.filter(
    (e) =>
      e.name.includes('/') && e.name.slice(e.name.lastIndexOf('/') + 1).toLowerCase() === lower,
  );
  return base.length === 1 ? base[0] : undefined;
}

/**
 * Resolves what a user typed against MLflow itself, at the moment they type it — by id, then
 * exact name, then loose name — so an experiment created a second ago is found on the first
 * try. A miss costs one more search for the nearest names (most recently updated first).
 * Failures other than "not found" (MLflow down, auth) propagate as MlflowError.
 */
export async function findExperiment(
  mlflow: MlflowService,
  ref: string,
): Promise<ExperimentLookup> {
  const found =
    (/^\d+$/.test(ref) ? await active(() => mlflow.getExperiment(ref)) : undefined) ??
    (await active(() => mlflow.getExperimentByName(ref))) ??
    (await byLooseName(mlflow, ref));
  if (found) return { ok: true, experiment: found };
  const page = await mlflow.searchExperiments({
    maxResults: 1000,
    orderBy: ['last_update_time DESC'],
  });
  return {
    ok: false,
    suggestions: nearestNames(
      ref,
      page.items.map((e) => e.name),
      3,
    ),
  };
}
