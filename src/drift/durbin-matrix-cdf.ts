// Durbin's matrix algorithm for the Kolmogorov distribution in the Marsaglia–Tsang–Wang form,
// ported from SciPy `_kolmogn_DMTW` (scipy/stats/_ksstats.py).

import { EM128, EP128, ldexp } from './binary-scale';

/** Dense m×m product, row-major. */
function matmul(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < m; k++) {
      const aik = a[i * m + k] ?? 0;
      if (aik === 0) continue;
      const rowB = k * m;
      const rowOut = i * m;
      for (let j = 0; j < m; j++)
        out[rowOut + j] = (out[rowOut + j] ?? 0) + aik * (b[rowB + j] ?? 0);
    }
  }
  return out;
}

/**
 * Pr(Dₙ ≤ d) for the one-sample two-sided KS statistic by Durbin's matrix power (MTW 2003).
 * SciPy's `kstwo` uses it for small n·d² where the series forms are inaccurate; the two-sample
 * asymptotic KS p-value goes through `kstwo`, so it is needed to match SciPy there.
 */
export function durbinMatrixCdf(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let fac = 1;
  for (let j = 1; j <= m; j++) {
    v[j - 1] = 1 - Math.pow(h, j);
    w[j - 1] = fac;
    fac /= j;
    v[j - 1] = (v[j - 1] ?? 0) * fac;
  }
  const tt = Math.pow(Math.max(2 * h - 1, 0), m) - 2 * Math.pow(h, m);
  v[m - 1] = (1 + tt) * fac;
  let hm: Float64Array = new Float64Array(m * m);
  for (let i = 1; i < m; i++) {
    for (let r = i - 1; r < m; r++) hm[r * m + i] = w[r - (i - 1)] ?? 0;
  }
  for (let r = 0; r < m; r++) hm[r * m] = v[r] ?? 0;
  for (let c = 0; c < m; c++) hm[(m - 1) * m + c] = v[m - 1 - c] ?? 0;

  let hpwr: Float64Array = new Float64Array(m * m);
  for (let i = 0; i < m; i++) hpwr[i * m + i] = 1;
  let nn = n;
  let expnt = 0;
  let hExpnt = 0;
  const diag = (k - 1) * m + (k - 1);
  while (nn > 0) {
    if (nn % 2 === 1) {
      hpwr = matmul(hpwr, hm, m);
      expnt += hExpnt;
    }
    hm = matmul(hm, hm, m);
    hExpnt *= 2;
    if (Math.abs(hm[diag] ?? 0) > EP128) {
      for (let i = 0; i < hm.length; i++) hm[i] = (hm[i] ?? 0) / EP128;
      hExpnt += 128;
    }
    nn = Math.floor(nn / 2);
  }
  let p = hpwr[diag] ?? 0;
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < EM128) {
      p *= EP128;
      expnt -= 128;
    }
  }
  if (expnt !== 0) p = ldexp(p, expnt);
  return p < 0 ? 0 : p > 1 ? 1 : p;
}
