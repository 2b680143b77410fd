// numpy's pairwise summation, reproduced so means and standard deviations agree with numpy to
// the last bit for the same element order (naive summation drifts by ~√n ulps on big windows).

const BLOCK = 128;

/**
 * Sum of x[lo .. lo+n) with numpy's `pairwise_sum` scheme (8 accumulators up to 128 elements,
 * recursive halving above). Error grows like O(log n) ulps instead of O(n).
 */
export function pairwiseSum(x: Float64Array, lo: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += x[lo + i]!;
    return res;
  }
  if (n <= BLOCK) {
    let r0 = x[lo]!;
    let r1 = x[lo + 1]!;
    let r2 = x[lo + 2]!;
    let r3 = x[lo + 3]!;
    let r4 = x[lo + 4]!;
    let r5 = x[lo + 5]!;
    let r6 = x[lo + 6]!;
    let r7 = x[lo + 7]!;
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      const b = lo + i;
      r0 += x[b]!;
      r1 += x[b + 1]!;
      r2 += x[b + 2]!;
      r3 += x[b + 3]!;
      r4 += x[b + 4]!;
      r5 += x[b + 5]!;
      r6 += x[b + 6]!;
      r7 += x[b + 7]!;
    }
    let res = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) res += x[lo + i]!;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(x, lo, n2) + pairwiseSum(x, lo + n2, n - n2);
}

/**
 * Population standard deviation (ddof = 0) computed like `np.std`: pairwise mean, then pairwise
 * sum of squared deviations. Evidently normalises the Wasserstein distance by it.
 */
export function populationStd(x: Float64Array): number {
  const n = x.length;
  if (n === 0) return NaN;
  const mean = pairwiseSum(x, 0, n) / n;
  const dev = new Float64Array(Math.min(n, 1 << 16));
  let total = 0;
  // Chunked so memory stays bounded: identical to numpy for n ≤ 65 536, within a few ulps above.
  for (let start = 0; start < n; start += dev.length) {
    const len = Math.min(dev.length, n - start);
    for (let i = 0; i < len; i++) {
      const d = x[start + i]! - mean;
      dev[i] = d * d;
    }
    total += pairwiseSum(dev, 0, len);
  }
  return Math.sqrt(total / n);
}
