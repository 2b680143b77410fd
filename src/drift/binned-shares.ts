// Evidently's `get_binned_data`: the share vectors that Jensen-Shannon, PSI and KL compare.

import { tableFromSorted, type CategoryTable } from './category-table';

/** Share vectors of both windows over common bins, plus what the bins were (for reports/tests). */
export interface BinnedShares {
  binning: 'sturges' | 'categories';
  /** Bin edges (Sturges) — n_bins + 1 values, the last one exactly the pooled maximum. */
  edges?: Float64Array;
  referenceCounts: Float64Array;
  currentCounts: Float64Array;
  reference: Float64Array;
  current: Float64Array;
}

/** Reference columns with more distinct values than this are binned (Sturges) when numerical. */
export const BINNING_UNIQUE_MIN = 20;

/** First index whose value is ≥ `value` in a sorted array. */
export function lowerBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `np.histogram_bin_edges(pooled, bins='sturges')`, from the two sorted windows. */
export function sturgesEdges(sortedRef: Float64Array, sortedCur: Float64Array): Float64Array {
  return sturgesEdgesOf(
    sortedRef.length + sortedCur.length,
    Math.min(sortedRef[0]!, sortedCur[0]!),
    Math.max(sortedRef[sortedRef.length - 1]!, sortedCur[sortedCur.length - 1]!),
  );
}

/** The same edges from the pooled size, minimum and maximum (all Sturges needs). */
export function sturgesEdgesOf(n: number, min: number, max: number): Float64Array {
  const ptp = max - min;
  let lo = min;
  let hi = max;
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const width = ptp / (Math.log2(n) + 1);
  const nBins = width ? Math.ceil((hi - lo) / width) : 1;
  const edges = new Float64Array(nBins + 1);
  const step = (hi - lo) / nBins;
  for (let i = 0; i <= nBins; i++) edges[i] = i * step + lo;
  edges[nBins] = hi;
  return edges;
}

/** `np.histogram(sorted, edges)[0]`: bins [e_i, e_{i+1}), the last one closed. */
function histogramSorted(sorted: Float64Array, edges: Float64Array): Float64Array {
  const nBins = edges.length - 1;
  const counts = new Float64Array(nBins);
  let prev = lowerBound(sorted, edges[0]!);
  for (let i = 1; i <= nBins; i++) {
    const edge = edges[i]!;
    const next = i === nBins ? upperBound(sorted, edge) : lowerBound(sorted, edge);
    counts[i - 1] = next - prev;
    prev = next;
  }
  return counts;
}

function upperBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function shares(counts: Float64Array, size: number): Float64Array {
  const out = new Float64Array(counts.length);
  for (let i = 0; i < counts.length; i++) out[i] = counts[i]! / size;
  return out;
}

/** Per-value shares from a category table (categorical columns, or ≤ 20 distinct numbers). */
export function sharesFromTable(table: CategoryTable): BinnedShares {
  let nRef = 0;
  let nCur = 0;
  for (let i = 0; i < table.keys.length; i++) {
    nRef += table.reference[i]!;
    nCur += table.current[i]!;
  }
  return {
    binning: 'categories',
    referenceCounts: table.reference,
    currentCounts: table.current,
    reference: shares(table.reference, nRef),
    current: shares(table.current, nCur),
  };
}

/**
 * Numerical windows: Sturges bins over the POOLED data when the reference has more than 20
 * distinct values (so bin edges depend on both windows, as in Evidently), else one bin per
 * distinct value. Inputs must be sorted and non-empty.
 */
export function binnedShares(
  sortedRef: Float64Array,
  sortedCur: Float64Array,
  referenceUnique: number,
): BinnedShares {
  if (referenceUnique <= BINNING_UNIQUE_MIN) {
    return sharesFromTable(tableFromSorted(sortedRef, sortedCur));
  }
  const edges = sturgesEdges(sortedRef, sortedCur);
  const referenceCounts = histogramSorted(sortedRef, edges);
  const currentCounts = histogramSorted(sortedCur, edges);
  return {
    binning: 'sturges',
    edges,
    referenceCounts,
    currentCounts,
    reference: shares(referenceCounts, sortedRef.length),
    current: shares(currentCounts, sortedCur.length),
  };
}
