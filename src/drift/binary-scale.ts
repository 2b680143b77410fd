// Exact scaling by powers of two, shared by the Kolmogorov-distribution algorithms that keep a
// separate binary exponent to survive intermediate values far outside the double range.

/** 2^128, the rescaling step SciPy's `_ksstats` uses. */
export const EP128 = Math.pow(2, 128);
/** 2^-128. */
export const EM128 = Math.pow(2, -128);

/**
 * C `ldexp`: value · 2^exponent without overflowing the intermediate power of two, which a plain
 * `value * 2 ** exponent` would do for exponents beyond ±1023 even when the result is finite.
 */
export function ldexp(value: number, exponent: number): number {
  let v = value;
  let e = exponent;
  while (e > 1000) {
    v *= Math.pow(2, 1000);
    e -= 1000;
  }
  while (e < -1000) {
    v *= Math.pow(2, -1000);
    e += 1000;
  }
  return v * Math.pow(2, e);
}
