// Two-sample Kolmogorov–Smirnov test, a port of `scipy.stats.ks_2samp(x, y)` with its defaults
// (alternative='two-sided', method='auto'), which is what Evidently's `ks` stattest calls.

import { kolmogorovSf } from './kolmogorov-sf';

/** Sizes up to which method 'auto' computes the exact p-value (SciPy's MAX_AUTO_N). */
export const KS_MAX_EXACT_N = 10_000;

/** How the p-value was obtained; 'asymp (exact failed)' mirrors SciPy's warning fallback. */
export type KsMethod = 'exact' | 'asymp' | 'asymp (exact failed)';

/** Result of {@link ksTwoSample}. */
export interface KsResult {
  /** sup |F_ref − F_cur|; in exact mode snapped to h/lcm(n1, n2) exactly as SciPy does. */
  statistic: number;
  pValue: number;
  method: KsMethod;
}

/** numpy's `np.round`: round half to even. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function gcd(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

/** Pr(D ≥ h/n) for equal sizes, Horner form of the alternating series (SciPy). */
function probOutsideSquare(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    p = p1 * (1 - p);
  }
  return 2 * p;
}

/**
 * 1 − Pr(paths stay strictly inside |x/m − y/n| < h/lcm), literal port of SciPy's
 * `_compute_outer_prob_inside_method` (Hodges' inside method with Viehmann's 1−p recursion).
 */
function outerProbInside(m0: number, n0: number, g: number, h: number): number {
  const m = Math.max(m0, n0);
  const n = Math.min(m0, n0);
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const lenA = Math.min(2 * maxj + 2, n + 1);
  const a = new Float64Array(lenA).fill(1);
  a.fill(0, minj, Math.min(maxj, lenA));
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    const width = maxj - minj;
    const offset = minj - lastminj;
    for (let jj = 0; jj < width; jj++) {
      const j = jj + minj;
      val = (a[jj + offset]! * i + val * j) / (i + j);
      a[jj] = val;
    }
    curlen = width;
    if (lastlen > curlen) a.fill(1, width, Math.min(width + (lastlen - curlen), lenA));
  }
  return a[maxj - minj - 1]!;
}

/** One pass over both sorted samples: max of F1−F2 and max of F2−F1 (right-continuous ECDFs). */
function ksStatistic(a: Float64Array, b: Float64Array): number {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  let maxDiff = -Infinity;
  let minDiff = Infinity;
  while (i < n1 || j < n2) {
    const v = i < n1 && (j >= n2 || a[i]! <= b[j]!) ? a[i]! : b[j]!;
    while (i < n1 && a[i]! <= v) i++;
    while (j < n2 && b[j]! <= v) j++;
    const diff = i / n1 - j / n2;
    if (diff > maxDiff) maxDiff = diff;
    if (diff < minDiff) minDiff = diff;
  }
  const minS = Math.min(Math.max(-minDiff, 0), 1);
  return minS > maxDiff ? minS : maxDiff;
}

function asymptoticP(n1: number, n2: number, d: number): number {
  const m = Math.max(n1, n2);
  const n = Math.min(n1, n2);
  const en = (m * n) / (m + n);
  return kolmogorovSf(roundHalfEven(en), d);
}

/**
 * Two-sided two-sample KS test on ALREADY SORTED, finite, non-empty samples. Exact p-value when
 * max(n1, n2) ≤ 10 000 (as SciPy 'auto'), else Kolmogorov's distribution at n = n1·n2/(n1+n2).
 * Takes sorted typed arrays so a caller that also needs Wasserstein sorts only once.
 */
export function ksTwoSample(
  sortedRef: Float64Array,
  sortedCur: Float64Array,
  mode: 'auto' | 'exact' | 'asymp' = 'auto',
): KsResult {
  const n1 = sortedRef.length;
  const n2 = sortedCur.length;
  if (n1 === 0 || n2 === 0) throw new RangeError('ksTwoSample needs two non-empty samples');
  return ksFromStatistic(ksStatistic(sortedRef, sortedCur), n1, n2, mode);
}

/**
 * The KS test from its statistic D = sup |F_ref − F_cur| and the two sizes: everything after
 * the statistic depends on nothing else, so a weighted (value → count) window gets the same
 * p-value as its raw rows.
 */
export function ksFromStatistic(
  statistic: number,
  n1: number,
  n2: number,
  mode: 'auto' | 'exact' | 'asymp' = 'auto',
): KsResult {
  let d = statistic;
  const g = gcd(n1, n2);
  let method: 'exact' | 'asymp' =
    mode === 'auto' ? (Math.max(n1, n2) <= KS_MAX_EXACT_N ? 'exact' : 'asymp') : mode;
  if (method === 'exact' && n1 / g >= 2147483647 / (n2 / g)) method = 'asymp';
  let p: number;
  let failed = false;
  if (method === 'exact') {
    const lcm = (n1 / g) * n2;
    const h = roundHalfEven(d * lcm);
    d = h / lcm;
    if (h === 0) return { statistic: d, pValue: 1, method: 'exact' };
    p = n1 === n2 ? probOutsideSquare(n1, h) : outerProbInside(n1, n2, g, h);
    if (!(p >= 0 && p <= 1)) {
      failed = true;
      p = asymptoticP(n1, n2, d);
    }
  } else {
    p = asymptoticP(n1, n2, d);
  }
  p = Math.min(Math.max(p, 0), 1);
  return {
    statistic: d,
    pValue: p,
    method: method === 'asymp' ? 'asymp' : failed ? 'asymp (exact failed)' : 'exact',
  };
}
