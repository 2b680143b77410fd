// First Wasserstein distance between two empirical distributions and Evidently's normed variant.

import { pairwiseSum, populationStd } from './pairwise-sum';

/** Evidently divides by max(std_ref, 0.001): the floor is in data units, not relative. */
export const WASSERSTEIN_STD_FLOOR = 0.001;

/**
 * `scipy.stats.wasserstein_distance(u, v)` = ∫|F_u − F_v| on ALREADY SORTED finite samples.
 * One merge pass over distinct pooled values, no pooled copy: this is what keeps the
 * 1 000 000-row benchmark within a small multiple of the raw data's memory.
 */
export function wassersteinDistance(sortedU: Float64Array, sortedV: Float64Array): number {
  const n1 = sortedU.length;
  const n2 = sortedV.length;
  if (n1 === 0 || n2 === 0) throw new RangeError('wassersteinDistance needs non-empty samples');
  // Terms are collected per block and summed pairwise, close to numpy's own summation.
  const block = new Float64Array(4096);
  let fill = 0;
  let total = 0;
  let i = 0;
  let j = 0;
  while (i < n1 || j < n2) {
    const v = i < n1 && (j >= n2 || sortedU[i]! <= sortedV[j]!) ? sortedU[i]! : sortedV[j]!;
    while (i < n1 && sortedU[i]! <= v) i++;
    while (j < n2 && sortedV[j]! <= v) j++;
    if (i >= n1 && j >= n2) break;
    const next = i < n1 && (j >= n2 || sortedU[i]! <= sortedV[j]!) ? sortedU[i]! : sortedV[j]!;
    block[fill++] = Math.abs(i / n1 - j / n2) * (next - v);
    if (fill === block.length) {
      total += pairwiseSum(block, 0, fill);
      fill = 0;
    }
  }
  return total + pairwiseSum(block, 0, fill);
}

/** Result of {@link normedWasserstein}. */
export interface NormedWasserstein {
  distance: number;
  /** Population (ddof = 0) standard deviation of the reference, as `np.std`. */
  referenceStd: number;
  /** Evidently's score: distance / max(referenceStd, 0.001). */
  normed: number;
}

/**
 * Evidently's `wasserstein` stattest score on sorted samples. Pass `referenceStd` computed on the
 * reference in its original order (np.std's summation order) to match numpy to the last bit;
 * the default recomputes it from the sorted copy, which can differ by an ulp or two.
 */
export function normedWasserstein(
  sortedRef: Float64Array,
  sortedCur: Float64Array,
  referenceStd: number = populationStd(sortedRef),
): NormedWasserstein {
  const distance = wassersteinDistance(sortedRef, sortedCur);
  const norm = Math.max(referenceStd, WASSERSTEIN_STD_FLOOR);
  return { distance, referenceStd, normed: distance / norm };
}
