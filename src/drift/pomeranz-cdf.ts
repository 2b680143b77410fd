// Pomeranz's recursion for the Kolmogorov distribution, ported from SciPy `_kolmogn_Pomeranz`
// (scipy/stats/_ksstats.py), including its index bookkeeping.

import { EM128, EP128, ldexp } from './binary-scale';

function rowBounds(
  i: number,
  n: number,
  ll: number,
  ceilf: number,
  roundf: number,
): [number, number] {
  let j1: number;
  let j2: number;
  if (i === 0) {
    j1 = -ll - ceilf - 1;
    j2 = ll + ceilf - 1;
  } else {
    const half = Math.floor((i + 1) / 2);
    if ((i + 1) % 2 === 0) {
      if (half === n + 1) {
        j1 = n - ll - ceilf - 1;
        j2 = n + ll + ceilf - 1;
      } else {
        j1 = half - 1 - ll - roundf - 1;
        j2 = half + ll - 1 + ceilf - 1;
      }
    } else {
      j1 = half - 1 - ll - 1;
      j2 = half + ll + roundf - 1;
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}

/**
 * Pr(Dₙ ≤ x) by Pomeranz (1974): SciPy's choice for n ≤ 140 and 0.754693 < n·x² ≤ 4, the
 * middle range where neither Durbin's matrix nor the Smirnov tail is accurate.
 */
export function pomeranzCdf(n: number, x: number): number {
  const t = n * x;
  const ll = Math.floor(t);
  const f = t - ll;
  const g = Math.min(f, 1 - f);
  const ceilf = f > 0 ? 1 : 0;
  const roundf = f > 0.5 ? 1 : 0;
  const npwrs = 2 * (ll + 1);
  const gpower = new Float64Array(npwrs);
  const twogpower = new Float64Array(npwrs);
  const onem2gpower = new Float64Array(npwrs);
  gpower[0] = 1;
  twogpower[0] = 1;
  onem2gpower[0] = 1;
  const gOverN = g / n;
  const twoGOverN = (2 * g) / n;
  const oneMinusTwoGOverN = (1 - 2 * g) / n;
  for (let m = 1; m < npwrs; m++) {
    gpower[m] = ((gpower[m - 1] ?? 0) * gOverN) / m;
    twogpower[m] = ((twogpower[m - 1] ?? 0) * twoGOverN) / m;
    onem2gpower[m] = ((onem2gpower[m - 1] ?? 0) * oneMinusTwoGOverN) / m;
  }
  let v0 = new Float64Array(npwrs);
  let v1 = new Float64Array(npwrs);
  v1[0] = 1;
  let v0s = 0;
  let v1s = 0;
  let expnt = 0;
  let [j1, j2] = rowBounds(0, n, ll, ceilf, roundf);
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1;
    [v0, v1] = [v1, v0];
    [v0s, v1s] = [v1s, v0s];
    v1.fill(0);
    [j1, j2] = rowBounds(i, n, ll, ceilf, roundf);
    const pwrs = i === 1 || i === 2 * n + 1 ? gpower : i % 2 === 1 ? twogpower : onem2gpower;
    const ln2 = j2 - k1 + 1;
    if (ln2 > 0) {
      const aStart = k1 - v0s;
      const aLen = Math.max(0, Math.min(ln2, npwrs - aStart));
      const convStart = j1 - k1;
      const convLen = j2 - j1 + 1;
      let maxV = -Infinity;
      for (let c = 0; c < convLen; c++) {
        const idx = convStart + c; // index into the full convolution of a (aLen) and pwrs (ln2)
        let s = 0;
        const lo = Math.max(0, idx - ln2 + 1);
        const hi = Math.min(aLen - 1, idx);
        for (let q = lo; q <= hi; q++) s += (v0[aStart + q] ?? 0) * (pwrs[idx - q] ?? 0);
        v1[c] = s;
      }
      for (let c = 0; c < npwrs; c++) maxV = Math.max(maxV, v1[c] ?? 0);
      if (maxV > 0 && maxV < EM128) {
        for (let c = 0; c < npwrs; c++) v1[c] = (v1[c] ?? 0) * EP128;
        expnt -= 128;
      }
      v1s = v0s + j1 - k1;
    }
  }
  let ans = v1[n - v1s] ?? 0;
  for (let m = 1; m <= n; m++) {
    if (Math.abs(ans) > EP128) {
      ans *= EM128;
      expnt += 128;
    }
    ans *= m;
  }
  if (expnt !== 0) ans = ldexp(ans, expnt);
  return ans < 0 ? 0 : ans > 1 ? 1 : ans;
}
