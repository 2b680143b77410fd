// One-sided Kolmogorov–Smirnov (Smirnov) survival function, following SciPy's cephes
// `_smirnov` (van Mulbregt 2018): same special cases, same lower Birnbaum–Tingey sum, same early
// stop. SciPy carries the terms in double-double; here each term is evaluated in log space, which
// keeps ≈1e-12 relative accuracy — far inside the 1e-9 the drift verdicts need.

const DBL_EPSILON = 2.220446049250313e-16;
const MINLOG = -745.1332191019412;
const SMIRNOV_MAX_COMPUTE_N = 1_000_000;
const SPLITTER = 134217729; // 2^27 + 1, Dekker splitting constant

/** Exact product a·b as hi + lo (Dekker), used to get floor(n·x) and its remainder exactly. */
function twoProduct(a: number, b: number): [number, number] {
  const p = a * b;
  const ca = SPLITTER * a;
  const ahi = ca - (ca - a);
  const alo = a - ahi;
  const cb = SPLITTER * b;
  const bhi = cb - (cb - b);
  const blo = b - bhi;
  const err = ahi * bhi - p + ahi * blo + alo * bhi + alo * blo;
  return [p, err];
}

/** floor(n·x) and the fractional part alpha, computed exactly as SciPy's `modNX`. */
function modNX(n: number, x: number): { nxfl: number; alpha: number } {
  const [hi, lo] = twoProduct(n, x);
  let fl = Math.floor(hi);
  let alpha: number;
  if (fl === hi) {
    if (lo < 0) {
      fl -= 1;
      alpha = 1 + lo;
    } else {
      alpha = lo;
    }
  } else {
    alpha = hi - fl + lo;
  }
  if (alpha >= 1) {
    fl += 1;
    alpha = 0;
  }
  return { nxfl: fl, alpha: Math.max(0, alpha) };
}

/** Splits a positive number into mantissa in [0.5, 1) and a binary exponent (C `frexp`). */
function frexp(value: number): [number, number] {
  if (value === 0 || !Number.isFinite(value)) return [value, 0];
  let e = Math.max(-1073, Math.floor(Math.log2(value)) + 1);
  let m = value * Math.pow(2, -e);
  while (m < 0.5) {
    m *= 2;
    e -= 1;
  }
  while (m >= 1) {
    m /= 2;
    e += 1;
  }
  return [m, e];
}

/**
 * Smirnov's one-sided distribution: Pr(D⁺ₙ ≥ x) = `scipy.special.smirnov(n, x)`. It is the exact
 * tail that `kstwo.sf` uses (×2) for the two-sample KS test in its asymptotic branch; only the
 * lower sum is implemented because that caller never reaches SciPy's upper-sum case
 * (it needs x ≤ 0.5/√n, while kstwo only calls this for n·x² ≥ 2.2 or x ≥ 0.5).
 */
export function smirnovSf(n: number, x: number): number {
  if (!(n > 0 && x >= 0 && x <= 1)) return NaN;
  if (n === 1) return 1 - x;
  if (x === 0) return 1;
  if (x === 1) return 0;
  const { nxfl, alpha } = modNX(n, x);
  let n1mxfl = n - nxfl - (alpha === 0 ? 0 : 1);
  if (alpha === 0) n1mxfl -= 1;

  if (nxfl === 0 || (nxfl === 1 && alpha === 0)) {
    return clip01(1 - x * Math.pow(1 + x, n - 1));
  }
  if (-2 * n * x * x < MINLOG) return 0;
  if (nxfl >= n - 1) return clip01(Math.pow(1 - x, n));
  if (n > SMIRNOV_MAX_COMPUTE_N) {
    const logp = -Math.pow(6 * n * x + 1, 2) / 18 / n;
    return clip01(logp < -Math.LN2 ? Math.exp(logp) : 1 + Math.expm1(logp));
  }

  const nTerms = n1mxfl + 1;
  const vmid = Math.floor(n / 2);
  // A_0 = (1-x)^n / x
  let sum = Math.exp(n * Math.log1p(-x)) / x;
  let [cman, cexpt] = frexp(n); // C(n, 1)
  for (let j = 1; j < nTerms; j++) {
    const v = j;
    const w = (nxfl + v + alpha) / n; // x + v/n
    const u = (n - nxfl - v - alpha) / n; // 1 - x - v/n
    const logU = w < 0.5 ? Math.log1p(-w) : Math.log(u);
    const logA = Math.log(cman) + cexpt * Math.LN2 + (v - 1) * Math.log(w) + (n - v) * logU;
    const aj = Math.exp(logA);
    if (Number.isFinite(aj) && aj !== 0) sum += aj;
    if (aj !== 0) {
      if (4 * (nTerms - j) * Math.abs(aj) < DBL_EPSILON * sum && j !== nTerms - 1) break;
    } else if (j > vmid) {
      break;
    }
    const [m, e] = frexp((cman * (n - j)) / (j + 1));
    cman = m;
    cexpt += e;
  }
  return clip01(x * sum);
}

function clip01(p: number): number {
  return p < 0 ? 0 : p > 1 ? 1 : p;
}
