import { describe, expect, it } from 'vitest';
import { chiSquareSf, logGamma, regularizedGammaQ } from '../../../src/drift/chi-square-sf';
import { kolmogorovSf } from '../../../src/drift/kolmogorov-sf';
import { erf, erfc, normalCdf } from '../../../src/drift/normal-cdf';
import { smirnovSf } from '../../../src/drift/smirnov-sf';

// Reference values from Debian's SciPy 1.10.1 (/usr/bin/python3):
//   special.ndtr(x), stats.chi2.sf(x, df), stats.kstwo.sf(d, n), special.smirnov(n, d)
// Same tolerance as the drift vectors: |a - b| <= 1e-12 + 1e-9·|b|.
const RTOL = 1e-9;
const ATOL = 1e-12;

function expectClose(actual: number, expected: number, label: string): void {
  if (Number.isNaN(expected)) {
    expect(actual, label).toBeNaN();
    return;
  }
  const ok = Math.abs(actual - expected) <= ATOL + RTOL * Math.abs(expected);
  expect(ok, `${label}: got ${actual}, SciPy ${expected}`).toBe(true);
}

/** [x, ndtr(x)] */
const NDTR: [number, number][] = [
  [-40, 0.0],
  [-10, 7.61985302416047e-24],
  [-8.5, 9.47953482220325e-18],
  [-5, 2.866515718791933e-7],
  [-3, 0.0013498980316300933],
  [-1.5, 0.06680720126885807],
  [-1, 0.15865525393145707],
  [-0.7071, 0.2397521679898636],
  [-0.5, 0.3085375387259869],
  [-0.001, 0.49960105778608893],
  [0, 0.5],
  [1e-8, 0.5000000039894228],
  [0.3, 0.6179114221889526],
  [0.7, 0.758036347776927],
  [0.75, 0.7733726476231317],
  [1, 0.8413447460685429],
  [1.3, 0.9031995154143897],
  [2, 0.9772498680518208],
  [3.7, 0.9998922002665226],
  [5, 0.9999997133484281],
  [8, 0.9999999999999993],
  [8.2, 0.9999999999999999],
  [8.3, 1.0],
  [9, 1.0],
  [20, 1.0],
  [38, 1.0],
  [40, 1.0],
];

/** [x, df, chi2.sf(x, df)] */
const CHI2_SF: [number, number, number][] = [
  [0.001, 1, 0.9747728793699604],
  [1, 1, 0.31731050786291115],
  [7.8, 1, 0.005224623440061339],
  [85.307, 1, 2.5545729249438057e-20],
  [382.3, 1, 3.9284300721355956e-85],
  [1000, 1, 1.7958327848007363e-219],
  [3000, 1, 0.0],
  [0.001, 2, 0.9995001249791693],
  [1, 2, 0.6065306597126334],
  [7.8, 2, 0.020241911445804395],
  [85.307, 2, 2.9910268809528087e-19],
  [382.3, 2, 9.651832671840445e-84],
  [1000, 2, 7.124576406741474e-218],
  [3000, 2, 0.0],
  [0.001, 5, 0.9999999983185123],
  [1, 5, 0.9625657732472964],
  [7.8, 5, 0.1676079313513126],
  [85.307, 5, 6.49078982984544e-17],
  [382.3, 5, 1.933920295058546e-80],
  [1000, 5, 6.0100776879208495e-214],
  [3000, 5, 0.0],
  [0.001, 37, 1.0],
  [1, 37, 1.0],
  [7.8, 37, 0.9999999217044208],
  [85.307, 37, 1.1043883284706437e-5],
  [382.3, 37, 5.948692649624503e-59],
  [1000, 37, 8.403981434220805e-186],
  [3000, 37, 0.0],
  [0.001, 999, 1.0],
  [1, 999, 1.0],
  [7.8, 999, 1.0],
  [85.307, 999, 1.0],
  [382.3, 999, 1.0],
  [1000, 999, 0.48513148927490146],
  [3000, 999, 9.477973075166903e-199],
];

/** [n, d, kstwo.sf(d, n)] — the comment names the algorithm SciPy (and we) use there. */
const KSTWO_SF: [number, number, number][] = [
  [1, 1e-5, 1.0], // ruben-low
  [1, 0.0001, 1.0], // ruben-low
  [1, 0.0005, 1.0], // ruben-low
  [1, 0.001, 1.0], // ruben-low
  [2, 0.6, 0.32000000000000006], // ruben-high
  [2, 0.9, 0.01999999999999999], // ruben-high
  [2, 0.99, 0.00020000000000000036], // ruben-high
  [5, 0.3, 0.664], // dmtw-small
  [5, 0.45, 0.19399374999999963], // pomeranz
  [5, 0.5, 0.112], // smirnov-x>=0.5
  [5, 0.6, 0.03008000000000001], // smirnov-x>=0.5
  [5, 0.9, 1.9999999999999978e-5], // ruben-high
  [10, 0.2, 0.7487190399999999], // dmtw-small
  [10, 0.3, 0.27053557479999946], // pomeranz
  [10, 0.45, 0.022891810311717498], // pomeranz
  [10, 0.5, 0.00777741], // smirnov-x>=0.5
  [10, 0.6, 0.0005681672000000003], // smirnov-x>=0.5
  [50, 0.05, 0.9990238098461883], // dmtw-small
  [50, 0.1, 0.6623112704658186], // dmtw-small
  [50, 0.2, 0.03143877776953241], // pomeranz
  [50, 0.3, 0.00017353260202718738], // smirnov-small
  [50, 0.45, 9.261187857225947e-10], // smirnov-small
  [140, 0.2, 2.1981563302200222e-5], // smirnov-small
  [140, 0.3, 1.1370251710737309e-11], // smirnov-small
  [141, 0.01, 1.0], // dmtw
  [141, 0.02, 0.9999999744561288], // dmtw
  [141, 0.05, 0.854845693009663], // pelzgood
  [141, 0.1, 0.11128445516467933], // pelzgood
  [141, 0.2, 2.0276784223976912e-5], // smirnov
  [141, 0.3, 9.46134771413843e-12], // smirnov
  [141, 0.45, 1.4102585470400696e-26], // smirnov
  [500, 0.003, 1.0], // dmtw
  [500, 0.01, 0.9999999991073389], // dmtw
  [500, 0.02, 0.9859871786857471], // pelzgood
  [500, 0.05, 0.15866260223815387], // pelzgood
  [500, 0.1, 8.342293067263533e-5], // smirnov
  [5000, 0.3, 0.0], // zero
  [5000, 0.45, 0.0], // zero
  [50000, 0.1, 0.0], // zero
  [50000, 0.2, 0.0], // zero
];

/** [n, d, smirnov(n, d)] */
const SMIRNOV: [number, number, number][] = [
  [5, 0.001, 0.998995993995999],
  [5, 0.01, 0.9895939599],
  [5, 0.1, 0.85359],
  [5, 0.5, 0.056],
  [5, 0.95, 3.125000000000014e-7],
  [100, 0.001, 0.9988959883139653],
  [100, 0.01, 0.9732196650552324],
  [100, 0.1, 0.1265906584562817],
  [100, 0.5, 6.065717185908929e-24],
  [100, 0.95, 7.888612868688676e-131],
  [1013, 0.001, 0.9972634628286827],
  [1013, 0.01, 0.8112118242761187],
  [1013, 0.1, 1.4270375766490519e-9],
  [1013, 0.5, 5.2584769560659136e-235],
  [1013, 0.95, 0.0],
  [100000, 0.001, 0.8181854422987944],
  [100000, 0.01, 2.046639011774627e-9],
  [100000, 0.1, 0.0],
  [100000, 0.5, 0.0],
  [100000, 0.95, 0.0],
  [1000001, 0.001, 0.1352448117787778],
  [1000001, 0.01, 1.374426245809438e-87],
  [1000001, 0.1, 0.0],
  [1000001, 0.5, 0.0],
  [1000001, 0.95, 0.0],
];

describe('normalCdf (Cephes ndtr)', () => {
  it.each(NDTR)('ndtr(%d) matches SciPy', (x, expected) => {
    expectClose(normalCdf(x), expected, `ndtr(${x})`);
  });
  it('keeps erf/erfc consistent and symmetric', () => {
    for (const x of [0, 0.2, 0.9, 1, 1.5, 3, 7.9, 8.1, 25]) {
      expect(Math.abs(erf(x) + erfc(x) - 1)).toBeLessThan(1e-15);
      expect(erf(-x)).toBe(-erf(x));
      expectClose(erfc(-x), 2 - erfc(x), `erfc(-${x})`);
    }
    expect(erfc(30)).toBe(0);
    expect(normalCdf(NaN)).toBeNaN();
  });
  it('reproduces the 2·(1 − Φ(|z|)) underflow Evidently relies on', () => {
    // SciPy: 2*(1-norm.cdf(8.0)) = 1.3322676295501878e-15, 8.2 → 2.220446049250313e-16, 8.3 → 0.0
    expect(2 * (1 - normalCdf(8.0))).toBe(1.3322676295501878e-15);
    expect(2 * (1 - normalCdf(8.2))).toBe(2.220446049250313e-16);
    expect(2 * (1 - normalCdf(8.3))).toBe(0);
  });
});

describe('chiSquareSf (regularized upper incomplete gamma)', () => {
  it.each(CHI2_SF)('chi2.sf(%d, df=%d) matches SciPy', (x, df, expected) => {
    expectClose(chiSquareSf(x, df), expected, `chi2.sf(${x}, ${df})`);
  });
  it('handles the edges the stattests hit', () => {
    expect(chiSquareSf(Infinity, 3)).toBe(0);
    expect(chiSquareSf(0, 3)).toBe(1);
    expect(chiSquareSf(5, 0)).toBeNaN();
    expect(chiSquareSf(NaN, 2)).toBeNaN();
    // df = 2 has the closed form exp(-x/2)
    for (const x of [0.5, 3, 40, 700])
      expectClose(chiSquareSf(x, 2), Math.exp(-x / 2), `df2 x=${x}`);
    expect(regularizedGammaQ(-1, 2)).toBeNaN();
  });
  it('computes log Γ accurately for integers and half-integers', () => {
    let logFactorial = 0;
    for (let n = 1; n <= 170; n++) {
      expectClose(logGamma(n), logFactorial, `logGamma(${n})`);
      logFactorial += Math.log(n);
    }
    expectClose(logGamma(0.5), 0.5 * Math.log(Math.PI), 'logGamma(0.5)');
    expectClose(logGamma(1e6), 12815504.569147611, 'logGamma(1e6)');
    expect(logGamma(0)).toBe(Infinity);
  });
});

describe('kolmogorovSf (scipy.stats.kstwo.sf)', () => {
  it.each(KSTWO_SF)('kstwo.sf(d, n=%d) at d=%d matches SciPy', (n, d, expected) => {
    expectClose(kolmogorovSf(n, d), expected, `kstwo.sf(${d}, ${n})`);
  });
  it('rejects a non-integer n and clamps the support', () => {
    expect(kolmogorovSf(2.5, 0.1)).toBeNaN();
    expect(kolmogorovSf(10, 0)).toBe(1);
    expect(kolmogorovSf(10, 1)).toBe(0);
  });
});

describe('smirnovSf (scipy.special.smirnov)', () => {
  it.each(SMIRNOV)('smirnov(%d, %d) matches SciPy', (n, d, expected) => {
    expectClose(smirnovSf(n, d), expected, `smirnov(${n}, ${d})`);
  });
  it('handles the trivial cases', () => {
    expect(smirnovSf(1, 0.3)).toBeCloseTo(0.7, 15);
    expect(smirnovSf(10, 0)).toBe(1);
    expect(smirnovSf(10, 1)).toBe(0);
    expect(smirnovSf(10, 1.5)).toBeNaN();
  });
});
