import { describe, expect, it } from 'vitest';
import { sortedFinite } from '../../../src/drift/clean-column';
import { ksTwoSample, roundHalfEven } from '../../../src/drift/ks-two-sample';
import { populationStd } from '../../../src/drift/pairwise-sum';
import { normedWasserstein, wassersteinDistance } from '../../../src/drift/wasserstein-distance';

const RTOL = 1e-9;
const ATOL = 1e-12;

function expectClose(actual: number, expected: number, label: string): void {
  const ok = Math.abs(actual - expected) <= ATOL + RTOL * Math.abs(expected);
  expect(ok, `${label}: got ${actual}, SciPy ${expected}`).toBe(true);
}

interface SampleSpec {
  seed: number;
  n: number;
  shift: number;
  grid?: number;
}

/**
 * MINSTD generator: integer arithmetic that numpy reproduces exactly, so the same samples were fed
 * to scipy.stats.ks_2samp / wasserstein_distance / np.std (SciPy 1.10.1) to get the values below:
 *   x ← 48271·x mod (2³¹−1), x₀ = 7919·seed + 17; value = x/(2³¹−1) + shift, floored to 1/grid.
 */
function sample(spec: SampleSpec): Float64Array {
  const m = 2147483647;
  const out = new Float64Array(spec.n);
  let x = spec.seed * 7919 + 17;
  for (let i = 0; i < spec.n; i++) {
    x = (48271 * x) % m;
    let v = x / m + spec.shift;
    if (spec.grid) v = Math.floor(v * spec.grid) / spec.grid;
    out[i] = v;
  }
  return out;
}

const SCIPY_CASES: {
  name: string;
  ref: SampleSpec;
  cur: SampleSpec;
  statistic: number;
  pValue: number;
  wasserstein: number;
  std: number;
}[] = [
  {
    name: 'asymp 12000 vs 15000 shifted',
    ref: { seed: 1, n: 12000, shift: 0.0 },
    cur: { seed: 2, n: 15000, shift: 0.01 },
    statistic: 0.014416666666666668,
    pValue: 0.12392483775222274,
    wasserstein: 0.006663690908562255,
    std: 0.2891021308604936,
  },
  {
    name: 'asymp 20000 vs 15000 no shift',
    ref: { seed: 3, n: 20000, shift: 0.0 },
    cur: { seed: 4, n: 15000, shift: 0.0 },
    statistic: 0.00874999999999998,
    pValue: 0.524963373140124,
    wasserstein: 0.0038680894171049616,
    std: 0.2879782813889945,
  },
  {
    name: 'asymp 20000 vs 60 (en=60, n<=140 path)',
    ref: { seed: 5, n: 20000, shift: 0.0 },
    cur: { seed: 6, n: 60, shift: 0.1 },
    statistic: 0.15965,
    pValue: 0.08385704972012809,
    wasserstein: 0.054702739595860576,
    std: 0.2883085840312134,
  },
  {
    name: 'asymp 30000 vs 30000 strong shift',
    ref: { seed: 7, n: 30000, shift: 0.0 },
    cur: { seed: 8, n: 30000, shift: 0.05 },
    statistic: 0.05600000000000001,
    pValue: 2.50299602340733e-41,
    wasserstein: 0.04744957696094626,
    std: 0.2904630704545427,
  },
  {
    name: 'asymp 150000 vs 100000 tiny shift',
    ref: { seed: 9, n: 150000, shift: 0.0 },
    cur: { seed: 10, n: 100000, shift: 0.002 },
    statistic: 0.003953333333333364,
    pValue: 0.3046692995292075,
    wasserstein: 0.0021117124841339182,
    std: 0.28845941106129697,
  },
  {
    name: 'exact 10000 vs 9000',
    ref: { seed: 11, n: 10000, shift: 0.0 },
    cur: { seed: 12, n: 9000, shift: 0.02 },
    statistic: 0.028733333333333333,
    pValue: 0.0007835001877503072,
    wasserstein: 0.01825306500766001,
    std: 0.2896914161695217,
  },
  {
    name: 'exact 10000 vs 10000',
    ref: { seed: 13, n: 10000, shift: 0.0 },
    cur: { seed: 14, n: 10000, shift: 0.015 },
    statistic: 0.0248,
    pValue: 0.004263879566111113,
    wasserstein: 0.017841817865307367,
    std: 0.2868843155573979,
  },
  {
    name: 'exact 7 vs 3',
    ref: { seed: 15, n: 7, shift: 0.0 },
    cur: { seed: 16, n: 3, shift: 0.3 },
    statistic: 0.5714285714285714,
    pValue: 0.4,
    wasserstein: 0.35258378286944125,
    std: 0.30855358593578475,
  },
  {
    name: 'ties on a grid 3000 vs 2000',
    ref: { seed: 17, n: 3000, shift: 0.0, grid: 20 },
    cur: { seed: 18, n: 2000, shift: 0.01, grid: 20 },
    statistic: 0.012666666666666666,
    pValue: 0.9897221460782474,
    wasserstein: 0.005774999999999997,
    std: 0.288913939031447,
  },
  {
    name: 'asymp ties on a grid 40000 vs 25000',
    ref: { seed: 19, n: 40000, shift: 0.0, grid: 50 },
    cur: { seed: 20, n: 25000, shift: 0.004, grid: 50 },
    statistic: 0.012149999999999994,
    pValue: 0.021123251649943695,
    wasserstein: 0.007768800000000006,
    std: 0.28912786364513543,
  },
];

describe('ksTwoSample and Wasserstein against SciPy on generated samples', () => {
  for (const c of SCIPY_CASES) {
    it(c.name, () => {
      const ref = sample(c.ref);
      const cur = sample(c.cur);
      const std = populationStd(ref);
      ref.sort();
      cur.sort();
      const ks = ksTwoSample(ref, cur);
      expect(ks.method, `${c.name}: method`).toBe(
        Math.max(c.ref.n, c.cur.n) > 10_000 ? 'asymp' : 'exact',
      );
      expectClose(ks.statistic, c.statistic, `${c.name}: statistic`);
      expectClose(ks.pValue, c.pValue, `${c.name}: p-value`);
      expectClose(wassersteinDistance(ref, cur), c.wasserstein, `${c.name}: wasserstein`);
      expectClose(std, c.std, `${c.name}: std`);
    });
  }
});

describe('ksTwoSample properties', () => {
  it('gives D = 0 and p = 1 for identical samples', () => {
    const a = sortedFinite([3, 1, 2, 2, 5]);
    expect(ksTwoSample(a, a.slice())).toEqual({ statistic: 0, pValue: 1, method: 'exact' });
  });

  it('reproduces the coarse exact p-value of tiny samples (5 vs 5, D = 0.8)', () => {
    const r = ksTwoSample(sortedFinite([1, 2, 3, 4, 5]), sortedFinite([4.5, 6, 7, 8, 9]));
    expect(r.statistic).toBe(0.8);
    expectClose(r.pValue, 0.07936507936507936, '5 vs 5');
  });

  it('is symmetric in its arguments', () => {
    const a = sortedFinite(sample({ seed: 41, n: 700, shift: 0 }));
    const b = sortedFinite(sample({ seed: 42, n: 333, shift: 0.05 }));
    const ab = ksTwoSample(a, b);
    const ba = ksTwoSample(b, a);
    expect(ab.statistic).toBe(ba.statistic);
    expect(ab.pValue).toBe(ba.pValue);
  });

  it('handles ties exactly (right-continuous ECDFs)', () => {
    // F_ref jumps to 1 at 1, F_cur is 0.5 there: D = 0.5, not an interpolated value.
    const r = ksTwoSample(sortedFinite([1, 1, 1, 1]), sortedFinite([1, 1, 2, 2]));
    expect(r.statistic).toBe(0.5);
  });

  it('uses the asymptotic distribution when forced, even for small samples', () => {
    const a = sortedFinite(sample({ seed: 5, n: 300, shift: 0 }));
    const b = sortedFinite(sample({ seed: 6, n: 200, shift: 0.1 }));
    const exact = ksTwoSample(a, b);
    const asymp = ksTwoSample(a, b, 'asymp');
    expect(asymp.method).toBe('asymp');
    expect(exact.method).toBe('exact');
    expect(Math.abs(asymp.pValue - exact.pValue)).toBeLessThan(0.02);
  });

  it('refuses empty samples', () => {
    expect(() => ksTwoSample(new Float64Array(0), sortedFinite([1]))).toThrow(RangeError);
  });

  it('rounds half to even like numpy', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, 2.4, 2.6].map(roundHalfEven)).toEqual([
      0, 2, 2, -0, -2, 2, 3,
    ]);
  });
});

describe('Wasserstein distance', () => {
  it('is the shift for a translated sample and 0 for a permutation', () => {
    const a = sortedFinite([0, 1, 2, 3, 4, 10]);
    const b = sortedFinite([0.5, 1.5, 2.5, 3.5, 4.5, 10.5]);
    expectClose(wassersteinDistance(a, b), 0.5, 'shift');
    expect(wassersteinDistance(a, sortedFinite([10, 4, 3, 2, 1, 0]))).toBe(0);
  });

  it('normalises by max(population std, 0.001)', () => {
    const constant = sortedFinite([512, 512, 512, 512]);
    const lower = sortedFinite([500, 512, 512, 512]);
    const r = normedWasserstein(constant, lower);
    expect(r.referenceStd).toBe(0);
    expectClose(r.distance, 3, 'distance');
    expectClose(r.normed, 3000, 'normed with 0.001 floor');
    const spread = normedWasserstein(sortedFinite([1, 3]), sortedFinite([2, 4]));
    expectClose(spread.referenceStd, 1, 'ddof 0 std');
    expectClose(spread.normed, 1, 'normed');
  });

  it('refuses empty samples', () => {
    expect(() => wassersteinDistance(new Float64Array(0), sortedFinite([1]))).toThrow(RangeError);
  });
});
