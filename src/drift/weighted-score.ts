// Evidently's numerical drift tests on weighted samples (value → count). Each walk visits the
// distinct pooled values in the same order as the raw-row versions do, with the same integer
// ECDF numerators, so KS and Wasserstein agree with the raw computation bit for bit; only the
// reference standard deviation is summed in another order (within 1e-12 of np.std).

import {
  BINNING_UNIQUE_MIN,
  lowerBound,
  shares,
  sharesFromTable,
  sturgesEdgesOf,
} from './binned-shares';
import type { BinnedShares } from './binned-shares';
import { chiSquareTest } from './chi-square-test';
import {
  jensenShannonDistance,
  klDivergence,
  populationStabilityIndex,
} from './jensen-shannon-distance';
import { ksFromStatistic, type KsResult } from './ks-two-sample';
import { pairwiseSum } from './pairwise-sum';
import { proportionsZTest } from './proportions-z-test';
import { defaultStattest, type StatTestName } from './stattest-registry';
import { WASSERSTEIN_STD_FLOOR, type NormedWasserstein } from './wasserstein-distance';
import {
  countUniqueWeighted,
  mergeWeighted,
  tableFromWeighted,
  weightedStd,
  type WeightedSample,
} from './weighted-sample';

function requireNonEmpty(a: WeightedSample, b: WeightedSample, what: string): void {
  if (a.n === 0 || b.n === 0) throw new RangeError(`${what} needs two non-empty samples`);
}

/** sup |F_ref − F_cur| of the two weighted ECDFs (SciPy's two-sided statistic). */
export function weightedKsStatistic(ref: WeightedSample, cur: WeightedSample): number {
  const n1 = ref.n;
  const n2 = cur.n;
  let maxDiff = -Infinity;
  let minDiff = Infinity;
  mergeWeighted(ref, cur, (_v, i, j) => {
    const diff = i / n1 - j / n2;
    if (diff > maxDiff) maxDiff = diff;
    if (diff < minDiff) minDiff = diff;
  });
  const minS = Math.min(Math.max(-minDiff, 0), 1);
  return minS > maxDiff ? minS : maxDiff;
}

/** `scipy.stats.ks_2samp(ref_rows, cur_rows)` from the counts: exact up to 10 000 rows a side. */
export function weightedKs(
  ref: WeightedSample,
  cur: WeightedSample,
  mode: 'auto' | 'exact' | 'asymp' = 'auto',
): KsResult {
  requireNonEmpty(ref, cur, 'weightedKs');
  return ksFromStatistic(weightedKsStatistic(ref, cur), ref.n, cur.n, mode);
}

/** `scipy.stats.wasserstein_distance(u_rows, v_rows)` = ∫|F_u − F_v| from the counts. */
export function weightedWassersteinDistance(u: WeightedSample, v: WeightedSample): number {
  requireNonEmpty(u, v, 'weightedWassersteinDistance');
  const n1 = u.n;
  const n2 = v.n;
  // Same blocks and pairwise sums as wassersteinDistance, so the result is the same double.
  const block = new Float64Array(4096);
  let fill = 0;
  let total = 0;
  let prev = NaN;
  let prevGap = 0;
  mergeWeighted(u, v, (value, i, j) => {
    if (!Number.isNaN(prev)) {
      block[fill++] = prevGap * (value - prev);
      if (fill === block.length) {
        total += pairwiseSum(block, 0, fill);
        fill = 0;
      }
    }
    prev = value;
    prevGap = Math.abs(i / n1 - j / n2);
  });
  return total + pairwiseSum(block, 0, fill);
}

/** Evidently's normed Wasserstein: distance / max(np.std(reference), 0.001). */
export function weightedNormedWasserstein(
  ref: WeightedSample,
  cur: WeightedSample,
): NormedWasserstein {
  const distance = weightedWassersteinDistance(ref, cur);
  const referenceStd = weightedStd(ref);
  return {
    distance,
    referenceStd,
    normed: distance / Math.max(referenceStd, WASSERSTEIN_STD_FLOOR),
  };
}

/** `np.histogram(rows, edges)[0]` from the counts: bins [e_i, e_{i+1}), the last one closed. */
function weightedHistogram(w: WeightedSample, edges: Float64Array): Float64Array {
  const prefix = new Float64Array(w.values.length + 1);
  for (let i = 0; i < w.values.length; i++) prefix[i + 1] = prefix[i]! + w.counts[i]!;
  const nBins = edges.length - 1;
  const out = new Float64Array(nBins);
  let prev = lowerBound(w.values, edges[0]!);
  for (let b = 1; b <= nBins; b++) {
    const edge = edges[b]!;
    let next = lowerBound(w.values, edge);
    if (b === nBins) while (next < w.values.length && w.values[next]! <= edge) next++;
    out[b - 1] = prefix[next]! - prefix[prev]!;
    prev = next;
  }
  return out;
}

/** Evidently's `get_binned_data` from the counts (Sturges over the pooled rows above 20 values). */
export function weightedBinnedShares(ref: WeightedSample, cur: WeightedSample): BinnedShares {
  if (ref.values.length <= BINNING_UNIQUE_MIN) return sharesFromTable(tableFromWeighted(ref, cur));
  const edges = sturgesEdgesOf(
    ref.n + cur.n,
    Math.min(ref.values[0]!, cur.values[0]!),
    Math.max(ref.values[ref.values.length - 1]!, cur.values[cur.values.length - 1]!),
  );
  const referenceCounts = weightedHistogram(ref, edges);
  const currentCounts = weightedHistogram(cur, edges);
  return {
    binning: 'sturges',
    edges,
    referenceCounts,
    currentCounts,
    reference: shares(referenceCounts, ref.n),
    current: shares(currentCounts, cur.n),
  };
}

/**
 * The weighted twin of `numericalScore`: Evidently's default test choice (reference size and
 * pooled distinct values) and the chosen test's raw score, from two non-empty weighted samples.
 */
export function weightedNumericalScore(
  ref: WeightedSample,
  cur: WeightedSample,
  forced?: StatTestName,
): { test: StatTestName; score: number } {
  const test = forced ?? defaultStattest('numerical', ref.n, countUniqueWeighted(ref, cur));
  switch (test) {
    case 'ks':
      return { test, score: weightedKs(ref, cur).pValue };
    case 'wasserstein':
      return { test, score: weightedNormedWasserstein(ref, cur).normed };
    case 'chisquare':
      return { test, score: chiSquareTest(tableFromWeighted(ref, cur)).pValue };
    case 'z':
      return { test, score: proportionsZTest(tableFromWeighted(ref, cur)).pValue };
    case 'jensenshannon':
    case 'psi':
    case 'kl_div': {
      const s = weightedBinnedShares(ref, cur);
      const score =
        test === 'jensenshannon'
          ? jensenShannonDistance(s.reference, s.current)
          : test === 'psi'
            ? populationStabilityIndex(s.reference, s.current)
            : klDivergence(s.reference, s.current);
      return { test, score };
    }
  }
}
