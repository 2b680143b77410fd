// The canary's decision: promote only when the candidate is at least as good as the current
// entity on every configured criterion. Pure, so the card, `--auto` and MLflow share one answer.

import type { EntityComparison } from './entity-comparison';

export const CANARY_CRITERIA = [
  'pass_rate',
  'latency',
  'errors',
  'content_filter',
  'token_drift',
] as const;
export type CanaryCriterion = (typeof CANARY_CRITERIA)[number];

export interface CanaryPolicy {
  readonly criteria: readonly CanaryCriterion[];
  /** Absolute: candidate pass rate ≥ current − this (0.05 = 5 points). */
  readonly passRateTolerance: number;
  /** Relative: candidate p95 ≤ current × (1 + this). */
  readonly latencyTolerance: number;
  /** Absolute, on the error and content-filter rates. */
  readonly errorRateTolerance: number;
  readonly filterRateTolerance: number;
}

/** One criterion's evidence: `met` null = no data on one side, so no judgement. */
export interface CriterionResult {
  readonly criterion: CanaryCriterion;
  readonly met: boolean | null;
  readonly current: number | null;
  readonly candidate: number | null;
  /** The worst candidate value still accepted (for token_drift: the drifted columns). */
  readonly limit: number | null;
  /** token_drift only: the features that drifted. */
  readonly drifted?: readonly string[];
}

/**
 * promote: every criterion met. rollback: at least one failed. inconclusive: none failed but
 * some had no data (the inference table is delivered late, or the suite did not run): `--auto`
 * then changes nothing and the card leaves the choice to a person.
 */
export type CanaryDecision = 'promote' | 'rollback' | 'inconclusive';

export interface CanaryVerdict {
  readonly decision: CanaryDecision;
  readonly criteria: readonly CriterionResult[];
}

export interface CanaryEvidence {
  /** Suite pass rates (0–1) per entity; null when the suite did not run on that entity. */
  readonly passRate: { readonly current: number | null; readonly candidate: number | null };
  /** Suite p95 latency, used when the inference table has no latency for an entity. */
  readonly suiteP95LatencyMs?: {
    readonly current: number | null;
    readonly candidate: number | null;
  };
  readonly comparison: EntityComparison;
}

/** A tiny slack so 0.1 + 0.2 style rounding never fails an equal candidate. */
const EPS = 1e-9;

function bound(
  criterion: CanaryCriterion,
  current: number | null,
  candidate: number | null,
  limitOf: (current: number) => number,
  better: 'higher' | 'lower',
): CriterionResult {
  if (current === null || candidate === null) {
    return { criterion, met: null, current, candidate, limit: null };
  }
  const limit = limitOf(current);
  const met = better === 'higher' ? candidate >= limit - EPS : candidate <= limit + EPS;
  return { criterion, met, current, candidate, limit };
}

function judge(c: CanaryCriterion, e: CanaryEvidence, p: CanaryPolicy): CriterionResult {
  const cur = e.comparison.current;
  const cand = e.comparison.candidate;
  switch (c) {
    case 'pass_rate':
      return bound(
        c,
        e.passRate.current,
        e.passRate.candidate,
        (v) => v - p.passRateTolerance,
        'higher',
      );
    case 'latency':
      return bound(
        c,
        cur.p95LatencyMs ?? e.suiteP95LatencyMs?.current ?? null,
        cand.p95LatencyMs ?? e.suiteP95LatencyMs?.candidate ?? null,
        (v) => v * (1 + p.latencyTolerance),
        'lower',
      );
    case 'errors':
      return bound(c, cur.errorRate, cand.errorRate, (v) => v + p.errorRateTolerance, 'lower');
    case 'content_filter':
      return bound(c, cur.filterRate, cand.filterRate, (v) => v + p.filterRateTolerance, 'lower');
    case 'token_drift': {
      const drift = e.comparison.drift;
      const drifted = drift.columns.filter((col) => col.drifted === true).map((col) => col.name);
      return {
        criterion: c,
        met: drift.tested_columns === 0 ? null : drifted.length === 0,
        current: null,
        candidate: drift.tested_columns === 0 ? null : drifted.length,
        limit: 0,
        drifted,
      };
    }
  }
}

export function canaryVerdict(evidence: CanaryEvidence, policy: CanaryPolicy): CanaryVerdict {
  const criteria = policy.criteria.map((c) => judge(c, evidence, policy));
  const decision: CanaryDecision = criteria.some((r) => r.met === false)
    ? 'rollback'
    : criteria.some((r) => r.met === null)
      ? 'inconclusive'
      : 'promote';
  return { decision, criteria };
}
