import { describe, expect, it } from 'vitest';
import type { ColumnarRows } from '../../../src/drift/clean-column';
import { columnDrift } from '../../../src/drift/column-drift';
import { ksTwoSample } from '../../../src/drift/ks-two-sample';
import { populationStd } from '../../../src/drift/pairwise-sum';
import type { StatTestName } from '../../../src/drift/stattest-registry';
import { normedWasserstein, wassersteinDistance } from '../../../src/drift/wasserstein-distance';
import {
  weightedKs,
  weightedNormedWasserstein,
  weightedWassersteinDistance,
} from '../../../src/drift/weighted-score';
import {
  rebin,
  weightedFromCounts,
  weightedFromSorted,
  weightedStd,
} from '../../../src/drift/weighted-sample';

/** Seeded LCG: the same windows on every run, so a failure names a reproducible seed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const close = (a: number, b: number, label: string) =>
  expect(
    Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b)),
    `${label}: weighted ${a}, raw ${b}`,
  ).toBe(true);

/** value → count, as a SQL GROUP BY would return it (order scrambled on purpose). */
function countsOf(values: Float64Array): Map<number, number> {
  const m = new Map<number, number>();
  for (let i = values.length - 1; i >= 0; i--) m.set(values[i]!, (m.get(values[i]!) ?? 0) + 1);
  return m;
}

type Shape = 'ties' | 'spread' | 'constant' | 'floats';

function sample(r: () => number, n: number, shape: Shape, shift: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = r();
    out[i] =
      shape === 'ties'
        ? Math.floor(u * 4 + shift) // 4-5 distinct values, heavy duplicates
        : shape === 'spread'
          ? Math.round(400 + 300 * u + 200 * r() + shift * 50) // tokens-like integers
          : shape === 'constant'
            ? 7
            : (u - 0.5) * 3 + shift; // distinct floats, negatives included
  }
  return out;
}

function compareAll(ref: Float64Array, cur: Float64Array, label: string): void {
  const sr = Float64Array.from(ref).sort();
  const sc = Float64Array.from(cur).sort();
  const wr = weightedFromCounts(countsOf(ref));
  const wc = weightedFromCounts(countsOf(cur));
  const raw = ksTwoSample(sr, sc);
  const weighted = weightedKs(wr, wc);
  expect(weighted, `${label} KS`).toEqual(raw);
  expect(weightedWassersteinDistance(wr, wc), `${label} W1`).toBe(wassersteinDistance(sr, sc));
  close(weightedStd(wr), populationStd(ref), `${label} std`);
  close(
    weightedNormedWasserstein(wr, wc).normed,
    normedWasserstein(sr, sc, populationStd(ref)).normed,
    `${label} normed W1`,
  );
  const tests: (StatTestName | undefined)[] = [
    undefined,
    'ks',
    'wasserstein',
    'chisquare',
    'z',
    'jensenshannon',
    'psi',
    'kl_div',
  ];
  for (const stattest of tests) {
    const settings = stattest ? { stattest } : {};
    const rawResult = columnDrift(
      'x',
      'numerical',
      { columns: { x: ref } },
      { columns: { x: cur } },
      settings,
    );
    const counted = (v: Float64Array): ColumnarRows => ({
      columns: {},
      counted: { x: { counts: countsOf(v) } },
    });
    const w = columnDrift('x', 'numerical', counted(ref), counted(cur), settings);
    const tag = `${label} ${stattest ?? 'default'}`;
    expect({ ...w, score: null }, tag).toEqual({ ...rawResult, score: null });
    if (rawResult.score === null) expect(w.score, tag).toBeNull();
    else close(w.score!, rawResult.score, tag);
  }
}

describe('weighted (value → count) drift equals the raw-row computation', () => {
  it('on seeded windows: ties, spread integers, one side constant, distinct floats', () => {
    const shapes: [Shape, Shape][] = [
      ['ties', 'ties'],
      ['spread', 'spread'],
      ['constant', 'spread'],
      ['spread', 'constant'],
      ['constant', 'constant'],
      ['floats', 'floats'],
      ['ties', 'spread'],
    ];
    for (let seed = 1; seed <= 8; seed++) {
      const r = rng(seed);
      const [a, b] = shapes[seed % shapes.length]!;
      // Sizes on both sides of 1 000 (default test choice) and of 10 000 (exact vs asymptotic KS).
      const n1 = [40, 900, 1_500, 12_000][seed % 4]!;
      const n2 = [35, 1_200, 700, 11_000][(seed * 3) % 4]!;
      const shift = seed % 3 === 0 ? 0 : 0.3;
      compareAll(sample(r, n1, a, 0), sample(r, n2, b, shift), `seed ${seed} ${a}/${b}`);
    }
  });

  it('with large counts: 30 000 rows per side over a handful of values', () => {
    const r = rng(99);
    compareAll(sample(r, 30_000, 'ties', 0), sample(r, 30_000, 'ties', 0.05), 'large counts');
  });

  it('run-length coding of sorted rows gives the same sample as counting them', () => {
    const rows = Float64Array.from([3, -0, 0, 1.5, 3, 3, -2]);
    const byCount = weightedFromCounts(countsOf(rows));
    expect(weightedFromSorted(Float64Array.from(rows).sort())).toEqual(byCount);
    expect([...byCount.values]).toEqual([-2, 0, 1.5, 3]);
    expect([...byCount.counts]).toEqual([1, 2, 1, 3]);
  });

  it('drops missing and non-finite keys, as cleaning drops them from raw rows', () => {
    const w = weightedFromCounts([
      [null, 4],
      ['NaN', 2],
      [Number.POSITIVE_INFINITY, 1],
      ['12', 3],
      [12, 1],
      ['', 5],
    ]);
    expect({ values: [...w.values], counts: [...w.counts], n: w.n }).toEqual({
      values: [12],
      counts: [4],
      n: 4,
    });
  });

  it('re-binning merges values into floor(v / width) * width bins', () => {
    const w = rebin(weightedFromCounts(countsOf(Float64Array.from([1, 9, 10, 19, 25]))), 10);
    expect([...w.values]).toEqual([0, 10, 20]);
    expect([...w.counts]).toEqual([2, 2, 1]);
  });
});

describe('a binned window is compared at one resolution and says so', () => {
  it('re-bins the exact side to the binned side and reports the width', () => {
    const exact = {
      x: {
        counts: new Map([
          [101, 5],
          [117, 5],
          [134, 5],
        ]),
      },
    };
    const binned = {
      x: {
        counts: new Map([
          [100, 5],
          [110, 5],
          [130, 5],
        ]),
        binWidth: 10,
        unit: 'ms',
      },
    };
    const r = columnDrift(
      'x',
      'numerical',
      { columns: {}, counted: exact },
      { columns: {}, counted: binned },
    );
    expect(r).toMatchObject({
      bin_width: 10,
      binning: 'binned to 10 ms',
      n_reference: 15,
      n_current: 15,
    });
    // After re-binning both windows hold the same values, so nothing drifted.
    expect(r.drifted).toBe(false);
    expect(r.score).toBe(1);
  });

  it('an exact pair carries no binning fields', () => {
    const c = {
      x: {
        counts: new Map([
          [1, 3],
          [2, 4],
        ]),
      },
    };
    const r = columnDrift(
      'x',
      'numerical',
      { columns: {}, counted: c },
      { columns: {}, counted: c },
    );
    expect(r).not.toHaveProperty('bin_width');
    expect(r).not.toHaveProperty('binning');
  });
});
