// Gamma-family special functions for the chi-square p-value. Everything is evaluated in log space
// so tiny p-values (1e-80 and below, routine for a shifted categorical column) keep full relative
// precision instead of underflowing or cancelling.

const LN_SQRT_2PI = 0.9189385332046728;
const EPS = 2.220446049250313e-16;
const TINY = 1e-300;

// Stirling-series coefficients B_2k / (2k(2k-1)), k = 1..8.
const STIRLING = [
  1 / 12,
  -1 / 360,
  1 / 1260,
  -1 / 1680,
  1 / 1188,
  -691 / 360360,
  1 / 156,
  -3617 / 122400,
];

/**
 * Natural log of Γ(x) for x > 0, with absolute error ≈ 1e-15. Node has no lgamma; the
 * regularized incomplete gamma needs one that stays accurate for the large shape parameters
 * a categorical column with many values produces.
 */
export function logGamma(x: number): number {
  if (!(x > 0)) return x === 0 ? Infinity : NaN;
  if (x === Infinity) return Infinity;
  let shift = 0;
  let y = x;
  if (y < 15) {
    // Γ(x) = Γ(x + k) / (x (x+1) … (x+k-1)): move into the range where Stirling is exact.
    let prod = 1;
    while (y < 15) {
      prod *= y;
      y += 1;
    }
    shift = Math.log(prod);
  }
  const inv = 1 / y;
  const inv2 = inv * inv;
  let series = 0;
  for (let k = STIRLING.length - 1; k >= 0; k--) series = series * inv2 + (STIRLING[k] ?? 0);
  series *= inv;
  return (y - 0.5) * Math.log(y) - y + LN_SQRT_2PI + series - shift;
}

/** log of x^a e^-x / Γ(a): the common prefactor of both incomplete-gamma expansions. */
function logPrefactor(a: number, x: number): number {
  return a * Math.log(x) - x - logGamma(a);
}

/** Lower regularized gamma P(a, x) by its power series; converges fast for x < a + 1. */
function lowerSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < 100_000; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPS) break;
  }
  return Math.exp(logPrefactor(a, x) + Math.log(sum));
}

/** Upper regularized gamma Q(a, x) by its continued fraction (modified Lentz), for x ≥ a + 1. */
function upperContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 100_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return Math.exp(logPrefactor(a, x) + Math.log(h));
}

/**
 * Upper regularized incomplete gamma Q(a, x) = Γ(a, x)/Γ(a). Chooses the expansion that converges
 * without cancellation: the series (as 1 − P) below a + 1, where Q is never small, and the
 * continued fraction above it, where Q is computed directly and keeps its relative precision.
 */
export function regularizedGammaQ(a: number, x: number): number {
  if (Number.isNaN(a) || Number.isNaN(x) || a <= 0 || x < 0) return NaN;
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  if (a === Infinity) return 1;
  if (x < a + 1) return Math.min(1, Math.max(0, 1 - lowerSeries(a, x)));
  return Math.min(1, Math.max(0, upperContinuedFraction(a, x)));
}

/**
 * Chi-square survival function, `scipy.stats.chi2.sf(x, df)` = Q(df/2, x/2). Returns NaN for
 * df ≤ 0 (scipy's answer for a single category, which Evidently then treats as "no drift") and
 * 0 for x = +∞ (a category seen only in the current window).
 */
export function chiSquareSf(x: number, df: number): number {
  if (!(df > 0) || Number.isNaN(x)) return NaN;
  if (x <= 0) return 1;
  return regularizedGammaQ(df / 2, x / 2);
}
