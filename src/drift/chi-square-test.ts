// Evidently's `chisquare` stattest: goodness of fit of the current counts against the reference
// frequencies scaled to the current size, then `scipy.stats.chisquare`.

import type { CategoryTable } from './category-table';
import { chiSquareSf } from './chi-square-sf';
import { pairwiseSum } from './pairwise-sum';

/** Result of {@link chiSquareTest}. */
export interface ChiSquareResult {
  statistic: number;
  pValue: number;
  degreesOfFreedom: number;
}

/**
 * Σ (obs − exp)² / exp with exp = ref count × n_cur/n_ref, p = chi2.sf(stat, k − 1). A value seen
 * only in the current window makes exp = 0, the statistic +∞ and p = 0 — Evidently's behaviour,
 * and the right call for a brand-new `finish_reason`. One category gives p = NaN ("no drift").
 */
export function chiSquareTest(table: CategoryTable): ChiSquareResult {
  const k = table.keys.length;
  const nRef = pairwiseSum(table.reference, 0, k);
  const nCur = pairwiseSum(table.current, 0, k);
  const kNorm = nCur / nRef;
  const terms = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const expected = table.reference[i]! * kNorm;
    const diff = table.current[i]! - expected;
    terms[i] = (diff * diff) / expected;
  }
  const statistic = pairwiseSum(terms, 0, k);
  const degreesOfFreedom = k - 1;
  return { statistic, pValue: chiSquareSf(statistic, degreesOfFreedom), degreesOfFreedom };
}
