// Survival function of the exact one-sample two-sided Kolmogorov–Smirnov distribution,
// `scipy.stats.kstwo.sf(d, n)`, ported from SciPy's `_kolmogn` (Simard & L'Ecuyer 2011 choice of
// algorithm by n and n·d²). ks_2samp's asymptotic branch (max(n1, n2) > 10 000) evaluates it at
// n = round(n1·n2/(n1+n2)).

import { durbinMatrixCdf } from './durbin-matrix-cdf';
import { pomeranzCdf } from './pomeranz-cdf';
import { smirnovSf } from './smirnov-sf';

const PI2 = Math.PI * Math.PI;
const PI4 = PI2 * PI2;
const PI6 = PI4 * PI2;
const SQRT2PI = Math.sqrt(2 * Math.PI);
const SQRT3 = Math.sqrt(3);
const LOG_2PI = Math.log(2 * Math.PI);
const STIRLING_COEFFS = [
  -0.029550653594771242, 0.00641025641025641, -0.0019175269175269176, 0.0008417508417508417,
  -0.0005952380952380953, 0.0007936507936507937, -0.002777777777777778, 0.08333333333333333,
];

function clip01(p: number): number {
  return p < 0 ? 0 : p > 1 ? 1 : p;
}

/** log(n!/n^n) by Stirling, as SciPy's `_log_nfactorial_div_n_pow_n`. */
function logFactorialOverPower(n: number): number {
  const rn = 1 / n;
  let poly = 0;
  for (const c of STIRLING_COEFFS) poly = poly * (rn / n) + c;
  return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * poly;
}

/**
 * Pelz–Good asymptotic expansion of Pr(Dₙ ≤ x) (SciPy `_kolmogn_PelzGood`): SciPy's choice for
 * large n and small n·x², which is exactly the "no drift" region of a big-window KS test.
 */
export function pelzGoodCdf(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const z2 = z * z;
  const z3 = z2 * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const qlog = -PI2 / 8 / z2;
  if (qlog < -708) return 0;
  let q = Math.exp(qlog);
  const k1a = -z2;
  const k1b = PI2 / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * PI2) / 4;
  const k2c = (PI4 * (1 - 2 * z2)) / 16;
  const k3d = (PI6 * (5 - 30 * z2)) / 64;
  const k3c = (PI4 * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (PI2 * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * Math.pow(z, 8);
  const kk = [0, 0, 0, 0];
  const maxk = Math.ceil((16 * z) / Math.PI);
  for (let k = maxk; k > 0; k--) {
    const m = 2 * k - 1;
    const m2 = m * m;
    const m4 = m2 * m2;
    const m6 = m4 * m2;
    const qpower = Math.pow(q, 8 * k);
    const coeffs = [
      1,
      k1a + k1b * m2,
      k2a + k2b * m2 + k2c * m4,
      k3a + k3b * m2 + k3c * m4 + k3d * m6,
    ];
    for (let i = 0; i < 4; i++) kk[i] = (kk[i] ?? 0) * qpower + (coeffs[i] ?? 0);
  }
  const denominators = [z, 6 * z4, 72 * Math.pow(z, 7), 6480 * Math.pow(z, 10)];
  for (let i = 0; i < 4; i++) kk[i] = ((kk[i] ?? 0) * q * SQRT2PI) / (denominators[i] ?? 1);
  q = Math.exp(-PI2 / 2 / z2);
  const sqrt3z = SQRT3 * z;
  let k2extra = 0;
  let k3extra = 0;
  for (let k = maxk; k > 0; k--) {
    const k2 = k * k;
    const qp = Math.pow(q, k2);
    const kspi = Math.PI * k;
    k2extra += k2 * qp;
    k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * k2 * qp;
  }
  kk[2] = (kk[2] ?? 0) + (k2extra * PI2 * SQRT2PI) / (-36 * z3);
  kk[3] = (kk[3] ?? 0) + (k3extra * PI2 * SQRT2PI) / (216 * z6);
  let sum = 0;
  for (let i = 0; i < 4; i++) sum += (kk[i] ?? 0) / Math.pow(n, i / 2);
  return sum;
}

/**
 * `scipy.stats.kstwo.sf(x, n)`: Pr(Dₙ > x) for the two-sided one-sample KS statistic, choosing
 * among the Ruben–Gambino closed forms, 2·Smirnov, Durbin, Pomeranz and Pelz–Good by the same
 * thresholds as SciPy so the asymptotic two-sample p-value agrees with `ks_2samp`.
 */
export function kolmogorovSf(n: number, x: number): number {
  if (!Number.isInteger(n) || n <= 0 || Number.isNaN(x)) return NaN;
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    let prob: number;
    if (n <= 140) {
      prob = 1;
      for (let i = 1; i <= n; i++) prob *= i * (1 / n) * (2 * t - 1);
    } else {
      prob = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    }
    return clip01(1 - prob);
  }
  if (t >= n - 1) return clip01(2 * Math.pow(1 - x, n));
  if (x >= 0.5) return clip01(2 * smirnovSf(n, x));
  const nxSquared = t * x;
  if (n <= 140) {
    if (nxSquared <= 0.754693) return clip01(1 - durbinMatrixCdf(n, x));
    if (nxSquared <= 4) return clip01(1 - pomeranzCdf(n, x));
    return clip01(2 * smirnovSf(n, x));
  }
  if (nxSquared >= 370) return 0;
  if (nxSquared >= 2.2) return clip01(2 * smirnovSf(n, x));
  let cdf: number;
  if (nxSquared >= 18) cdf = 1;
  else if (n <= 100_000 && n * Math.pow(x, 1.5) <= 1.4) cdf = durbinMatrixCdf(n, x);
  else cdf = pelzGoodCdf(n, x);
  return clip01(1 - cdf);
}
