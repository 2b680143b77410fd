import type { ServedExternalModel, ServingEndpoint, ServingService } from './serving';
import { isCandidateEntity } from './serving-traffic';

/** A canary as the endpoint shows it: which entity is current, which is the candidate, the split. */
export interface CanaryState {
  endpoint: string;
  current: ServedExternalModel;
  candidate: ServedExternalModel;
  /** Share of requests (0–100) each entity gets; they sum to 100. */
  currentPercent: number;
  candidatePercent: number;
  /** When the endpoint last changed (epoch ms), i.e. since when this split has been live. */
  since: number | undefined;
  /** Whether a config update is still in progress (the split may not be live yet). */
  updating: boolean;
}

/**
 * Reads the canary off a live endpoint: exactly one candidate entity (named with the canary
 * suffix) next to one current entity. Anything else (one entity, or a foreign layout) is no
 * canary: undefined, so callers say "no canary" rather than guess.
 */
export function canaryStateOf(ep: ServingEndpoint): CanaryState | undefined {
  const candidates = ep.served.filter((s) => isCandidateEntity(s.entityName));
  const currents = ep.served.filter((s) => !isCandidateEntity(s.entityName));
  const candidate = candidates[0];
  const current = currents[0];
  if (candidates.length !== 1 || currents.length !== 1 || !candidate || !current) return undefined;
  const share = (name: string) => ep.routes.find((r) => r.entityName === name)?.percent;
  const candidatePercent = share(candidate.entityName) ?? 0;
  return {
    endpoint: ep.name,
    current,
    candidate,
    currentPercent: share(current.entityName) ?? 100 - candidatePercent,
    candidatePercent,
    since: ep.updatedAt,
    updating: ep.configUpdate === 'IN_PROGRESS',
  };
}

/** The canary on endpoint `name` now; undefined when the endpoint is missing or runs no canary. */
export async function readCanaryState(
  serving: Pick<ServingService, 'get'>,
  name: string,
): Promise<CanaryState | undefined> {
  const ep = await serving.get(name);
  return ep ? canaryStateOf(ep) : undefined;
}
