// Distances between two share vectors: Jensen-Shannon (default for big windows), and the opt-in
// PSI and Kullback-Leibler with Evidently's zero filling.

import { pairwiseSum } from './pairwise-sum';

/** scipy.special.rel_entr: x·ln(x/y), 0 when x = 0, +∞ when only y is 0. */
function relEntr(x: number, y: number): number {
  if (x > 0 && y > 0) return x * Math.log(x / y);
  if (x === 0 && y >= 0) return 0;
  return Infinity;
}

function normalised(p: Float64Array): Float64Array {
  const total = pairwiseSum(p, 0, p.length);
  const out = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) out[i] = p[i]! / total;
  return out;
}

/**
 * `scipy.spatial.distance.jensenshannon(p, q)` (natural log, no zero filling): both vectors
 * renormalised, m = (p+q)/2, √((KL(p‖m) + KL(q‖m))/2). Bounded by √ln 2 and finite even when a
 * category disappears, which is why Evidently uses it for large windows.
 */
export function jensenShannonDistance(p0: Float64Array, q0: Float64Array): number {
  const p = normalised(p0);
  const q = normalised(q0);
  const left = new Float64Array(p.length);
  const right = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) {
    const m = (p[i]! + q[i]!) / 2;
    left[i] = relEntr(p[i]!, m);
    right[i] = relEntr(q[i]!, m);
  }
  const js = pairwiseSum(left, 0, left.length) + pairwiseSum(right, 0, right.length);
  return Math.sqrt(js / 2);
}

/**
 * Evidently's zero filling for PSI/KL: zeros become min(non-zero)/1e6 if that minimum is ≤ 1e-4,
 * else 1e-4 (so the logs stay finite). No renormalisation here.
 */
export function fillZeroShares(shares: Float64Array): { filled: Float64Array; fill: number } {
  let min = Infinity;
  for (const s of shares) if (s !== 0 && s < min) min = s;
  const fill = min <= 0.0001 ? min / 1e6 : 0.0001;
  const filled = shares.map((s) => (s === 0 ? fill : s));
  return { filled, fill };
}

/** Population Stability Index Σ (ref − cur)·ln(ref/cur) on zero-filled shares (Evidently `psi`). */
export function populationStabilityIndex(reference: Float64Array, current: Float64Array): number {
  const r = fillZeroShares(reference).filled;
  const c = fillZeroShares(current).filled;
  const terms = new Float64Array(r.length);
  for (let i = 0; i < r.length; i++) terms[i] = (r[i]! - c[i]!) * Math.log(r[i]! / c[i]!);
  return pairwiseSum(terms, 0, terms.length);
}

/** KL(ref ‖ cur) = `scipy.stats.entropy` on zero-filled, renormalised shares (Evidently `kl_div`). */
export function klDivergence(reference: Float64Array, current: Float64Array): number {
  const p = normalised(fillZeroShares(reference).filled);
  const q = normalised(fillZeroShares(current).filled);
  const terms = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) terms[i] = relEntr(p[i]!, q[i]!);
  return pairwiseSum(terms, 0, terms.length);
}
