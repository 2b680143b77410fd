import { z } from 'zod';
import { optionalString as optional } from './env-fields';
import { isFeatureName } from '../drift/inference-features';
import {
  CANARY_CRITERIA,
  type CanaryCriterion,
  type CanaryPolicy,
} from '../workflows/canary-eval/canary-verdict';
import { DEFAULT_SERVED_ENTITIES_TABLE } from '../workflows/canary-eval/entity-windows';

/**
 * Variables for judging a canary (what decides promote or roll back). src/config/index.ts
 * spreads `canaryEvalEnvShape` into its schema; the canary deploy itself (split, suite, window)
 * is configured next to deploy.
 */

const isCriterion = (v: string): v is CanaryCriterion =>
  (CANARY_CRITERIA as readonly string[]).includes(v);

const list = optional.transform((v) =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean),
);

/** A tolerance: a number ≥ 0 (0.05 = 5 points for a rate, 5 % for latency). */
const tolerance = (fallback: number) =>
  optional
    .transform((v) => (v === undefined ? fallback : Number(v)))
    .refine((n) => Number.isFinite(n) && n >= 0 && n <= 1, 'must be a number from 0 to 1');

export const canaryEvalEnvShape = {
  CANARY_CRITERIA: list.refine(
    (l) => l.every(isCriterion),
    `must list criteria from ${CANARY_CRITERIA.join(', ')}`,
  ),
  CANARY_PASS_RATE_TOLERANCE: tolerance(0),
  CANARY_LATENCY_TOLERANCE: tolerance(0.1),
  CANARY_ERROR_RATE_TOLERANCE: tolerance(0.01),
  CANARY_FILTER_RATE_TOLERANCE: tolerance(0.01),
  CANARY_DRIFT_FEATURES: list.refine(
    (l) => l.every(isFeatureName),
    'must list inference features such as completion_tokens,total_tokens',
  ),
  CANARY_SERVED_ENTITIES_TABLE: optional.refine(
    (v) => v === undefined || /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+){0,2}$/.test(v),
    'must be catalog.schema.table',
  ),
};

type Parsed = { [K in keyof typeof canaryEvalEnvShape]: z.output<(typeof canaryEvalEnvShape)[K]> };

export interface CanaryEvalConfig {
  readonly policy: CanaryPolicy;
  /** Token features whose drift (candidate vs current) fails the token_drift criterion. */
  readonly driftFeatures: readonly string[];
  /** Where entity names become served_entity_ids (entity-windows.ts says why). */
  readonly servedEntitiesTable: string;
}

export function canaryEvalConfigFrom(e: Parsed): CanaryEvalConfig {
  return {
    policy: {
      criteria:
        e.CANARY_CRITERIA.length > 0 ? e.CANARY_CRITERIA.filter(isCriterion) : CANARY_CRITERIA,
      passRateTolerance: e.CANARY_PASS_RATE_TOLERANCE,
      latencyTolerance: e.CANARY_LATENCY_TOLERANCE,
      errorRateTolerance: e.CANARY_ERROR_RATE_TOLERANCE,
      filterRateTolerance: e.CANARY_FILTER_RATE_TOLERANCE,
    },
    driftFeatures:
      e.CANARY_DRIFT_FEATURES.length > 0
        ? e.CANARY_DRIFT_FEATURES
        : ['completion_tokens', 'total_tokens'],
    servedEntitiesTable: e.CANARY_SERVED_ENTITIES_TABLE ?? DEFAULT_SERVED_ENTITIES_TABLE,
  };
}
