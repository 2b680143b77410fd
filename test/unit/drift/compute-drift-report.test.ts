import { describe, expect, it } from 'vitest';
import {
  computeDriftReport,
  DriftInputError,
  ksTwoSample,
  sortedFinite,
  type Row,
} from '../../../src/drift';

/** Deterministic pseudo-random values in [0, 1) (MINSTD). */
function uniform(seed: number, n: number): number[] {
  const out: number[] = [];
  let x = seed * 7919 + 17;
  for (let i = 0; i < n; i++) {
    x = (48271 * x) % 2147483647;
    out.push(x / 2147483647);
  }
  return out;
}

const rows = (values: unknown[], name = 'x'): Row[] => values.map((v) => ({ [name]: v }));

function catchDriftError(fn: () => unknown): DriftInputError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DriftInputError) return err;
    throw err;
  }
  throw new Error('expected a DriftInputError');
}

describe('computeDriftReport: empty and missing data', () => {
  it('reports an empty current column as insufficient data and excludes it from the share', () => {
    const ref: Row[] = uniform(1, 50).map((u, i) => ({ a: u, b: ['x', 'y', 'z'][i % 3] }));
    const cur: Row[] = uniform(2, 40).map((u) => ({ a: null, b: u < 0.9 ? 'x' : 'y' }));
    const report = computeDriftReport(ref, cur, { a: 'numerical', b: 'categorical' });
    expect(report.columns[0]).toEqual({
      name: 'a',
      type: 'numerical',
      test: null,
      score: null,
      threshold: null,
      drifted: null,
      n_reference: 50,
      n_current: 0,
      error: 'insufficient data',
    });
    expect(report.columns[1]?.test).toBe('chisquare');
    expect(report.columns[1]?.drifted).toBe(true);
    expect(report.tested_columns).toBe(1);
    expect(report.drifted_columns).toBe(1);
    expect(report.share).toBe(1);
    expect(report.dataset_drift).toBe(true);
  });

  it('treats null, NaN, ±Infinity and their string spellings as missing', () => {
    const report = computeDriftReport(
      rows([null, 'NaN', 'Infinity', '-Infinity', NaN, Infinity, -Infinity, undefined]),
      rows([1, 2, 3]),
      { x: 'numerical' },
    );
    expect(report.columns[0]).toMatchObject({
      n_reference: 0,
      n_current: 3,
      error: 'insufficient data',
    });
    expect(report).toMatchObject({ tested_columns: 0, share: 0, dataset_drift: false });
  });

  it('drops infinities before sizing, choosing and testing', () => {
    const base = uniform(3, 1003);
    base[10] = Infinity;
    base[20] = -Infinity;
    base[30] = NaN;
    const withInf = computeDriftReport(rows(base), rows(uniform(4, 400)), { x: 'numerical' });
    const clean = computeDriftReport(
      rows(base.filter((v) => Number.isFinite(v))),
      rows(uniform(4, 400)),
      { x: 'numerical' },
    );
    // 1000 finite values: still the small-data branch (KS), identical to pre-cleaned input.
    expect(withInf.columns[0]?.n_reference).toBe(1000);
    expect(withInf.columns[0]?.test).toBe('ks');
    expect(withInf).toEqual(clean);
  });

  it('treats a missing key like a missing value', () => {
    const report = computeDriftReport([{ x: 'a' }, {}, { x: 'b' }], [{ x: 'a' }, { y: 1 }], {
      x: 'categorical',
    });
    expect(report.columns[0]).toMatchObject({ n_reference: 2, n_current: 1, test: 'z' });
  });

  it('reports a column absent from both windows as insufficient data', () => {
    const report = computeDriftReport([{ a: 1 }], [{ a: 2 }], { ghost: 'categorical' });
    expect(report.columns[0]?.error).toBe('insufficient data');
  });
});

describe('computeDriftReport: constant columns and tiny samples', () => {
  it('both windows constant and equal: Z special case (small) and JS = 0 (large)', () => {
    const small = computeDriftReport(rows(Array(300).fill(1)), rows(Array(200).fill(1)), {
      x: 'numerical',
    });
    expect(small.columns[0]).toMatchObject({ test: 'z', score: 1, drifted: false });
    const large = computeDriftReport(rows(Array(1500).fill(7)), rows(Array(10).fill(7)), {
      x: 'numerical',
    });
    expect(large.columns[0]).toMatchObject({ test: 'jensenshannon', score: 0, drifted: false });
  });

  it('different constants: Z drifts (small), JS = √ln 2 (large)', () => {
    const small = computeDriftReport(rows(Array(300).fill(1)), rows(Array(200).fill(2)), {
      x: 'numerical',
    });
    expect(small.columns[0]).toMatchObject({ test: 'z', drifted: true });
    expect(small.columns[0]?.score).toBeLessThan(1e-10);
    const large = computeDriftReport(rows(Array(1500).fill('a')), rows(Array(10).fill('b')), {
      x: 'categorical',
    });
    expect(large.columns[0]?.test).toBe('jensenshannon');
    expect(large.columns[0]?.score).toBeCloseTo(Math.sqrt(Math.LN2), 14);
  });

  it('a constant large reference divides Wasserstein by the 0.001 floor', () => {
    const cur = uniform(5, 100).map((u) => (u < 0.5 ? 512 : Math.round(100 + u * 400)));
    const report = computeDriftReport(rows(Array(1500).fill(512)), rows(cur), { x: 'numerical' });
    expect(report.columns[0]?.test).toBe('wasserstein');
    expect(report.columns[0]?.score).toBeGreaterThan(1000);
    expect(report.columns[0]?.drifted).toBe(true);
  });

  it('n = 5 vs 5 with D = 0.8 is not drift under KS (p ≈ 0.079)', () => {
    const report = computeDriftReport(rows([1, 2, 3, 4, 5]), rows([4.5, 6, 7, 8, 9]), {
      x: 'numerical',
    });
    expect(report.columns[0]?.test).toBe('ks');
    expect(report.columns[0]?.score).toBeCloseTo(0.07936507936507936, 14);
    expect(report.columns[0]?.drifted).toBe(false);
  });

  it('a single row per window still gets a verdict', () => {
    const report = computeDriftReport(rows(['a']), rows(['b']), { x: 'categorical' });
    expect(report.columns[0]).toMatchObject({ test: 'z', n_reference: 1, n_current: 1 });
  });
});

describe('computeDriftReport: categories', () => {
  it('keeps 1 and "1" as different categories, and accepts booleans', () => {
    const report = computeDriftReport(rows([1, 1, '1', true]), rows([1, '1', '1', false]), {
      x: 'categorical',
    });
    expect(report.columns[0]?.test).toBe('chisquare');
    // `false` is new in current → expected 0 → statistic +∞ → p = 0 → drift.
    expect(report.columns[0]).toMatchObject({ score: 0, drifted: true });
  });

  it('rejects objects in a categorical column and strings in a numerical one', () => {
    const cat = catchDriftError(() =>
      computeDriftReport(rows(['a', { nested: 1 }]), rows(['a']), { x: 'categorical' }),
    );
    expect(cat.reason).toBe('bad-value');
    expect(cat.name).toBe('DriftInputError');
    expect(cat.message).toContain('row 2 of the reference window');
    const num = catchDriftError(() =>
      computeDriftReport(rows([1]), rows([1, 'fast']), { x: 'numerical' }),
    );
    expect(num.reason).toBe('bad-value');
    expect(num.message).toBe(
      'column "x" is numerical but row 2 of the current window holds "fast"',
    );
  });
});

describe('computeDriftReport: options', () => {
  const ref = rows(uniform(6, 400).map((u) => u * 100));
  const cur = rows(uniform(7, 300).map((u) => u * 100 + 8));

  it('uses Evidently thresholds and directions by default', () => {
    const r = computeDriftReport(ref, cur, { x: 'numerical' }).columns[0];
    expect(r).toMatchObject({ test: 'ks', threshold: 0.05 });
    expect(r?.drifted).toBe((r?.score ?? 1) <= 0.05);
  });

  it('opts in to psi / kl_div and honours precedence per column > per type > all', () => {
    const both = { x: 'numerical', y: 'categorical' } as const;
    const mixedRef = ref.map((row, i) => ({ ...row, y: i % 2 ? 'a' : 'b' }));
    const mixedCur = cur.map((row, i) => ({ ...row, y: i % 3 ? 'a' : 'b' }));
    const report = computeDriftReport(mixedRef, mixedCur, both, {
      stattest: 'psi',
      catStattest: 'kl_div',
      perColumnStattest: { x: 'jensenshannon' },
      perColumnThreshold: { y: 0.5 },
      threshold: 0.2,
    });
    expect(report.columns.map((c) => [c.test, c.threshold])).toEqual([
      ['jensenshannon', 0.2],
      ['kl_div', 0.5],
    ]);
    const psi = computeDriftReport(mixedRef, mixedCur, both, { stattest: 'psi' });
    expect(psi.columns.map((c) => c.test)).toEqual(['psi', 'psi']);
    expect(psi.columns.every((c) => (c.score ?? -1) >= 0)).toBe(true);
  });

  it('forces KS with the asymptotic p-value on large windows', () => {
    const big = uniform(8, 12_000);
    const other = uniform(9, 11_000).map((u) => u + 0.01);
    const report = computeDriftReport(
      rows(big),
      rows(other),
      { x: 'numerical' },
      { stattest: 'ks' },
    );
    const expected = ksTwoSample(sortedFinite(big), sortedFinite(other));
    expect(expected.method).toBe('asymp');
    expect(report.columns[0]?.test).toBe('ks');
    expect(report.columns[0]?.score).toBe(expected.pValue);
  });

  it('makes the dataset-drift share configurable (>=, not >)', () => {
    const r = rows(uniform(10, 200));
    const shifted = rows(uniform(11, 200).map((u) => u + 0.5));
    const same = rows(uniform(12, 200));
    const twoCols = (a: Row[], b: Row[]): Row[] => a.map((row, i) => ({ p: row.x, q: b[i]?.x }));
    const types = { p: 'numerical', q: 'numerical' } as const;
    const half = computeDriftReport(twoCols(r, r), twoCols(shifted, same), types);
    expect(half).toMatchObject({ drifted_columns: 1, tested_columns: 2, share: 0.5 });
    expect(half.dataset_drift).toBe(true);
    const strict = computeDriftReport(twoCols(r, r), twoCols(shifted, same), types, {
      driftShare: 0.6,
    });
    expect(strict.dataset_drift).toBe(false);
  });

  it('rejects impossible options with typed errors', () => {
    const cases: [() => unknown, string][] = [
      [() => computeDriftReport(ref, cur, { x: 'numerical' }, { driftShare: 2 }), 'bad-option'],
      [
        () => computeDriftReport(ref, cur, { x: 'categorical' }, { stattest: 'wasserstein' }),
        'bad-option',
      ],
      [
        () =>
          computeDriftReport(
            ref,
            cur,
            { x: 'numerical' },
            {
              stattest: 'anderson' as unknown as 'ks',
            },
          ),
        'bad-option',
      ],
      [() => computeDriftReport(ref, cur, { x: 'numerical' }, { threshold: -1 }), 'bad-option'],
      [() => computeDriftReport(ref, cur, { x: 'text' as unknown as 'numerical' }), 'bad-spec'],
    ];
    for (const [fn, reason] of cases) expect(catchDriftError(fn).reason).toBe(reason);
  });
});

describe('computeDriftReport: input forms', () => {
  it('accepts columnar windows (Float64Array or plain arrays) and does not mutate them', () => {
    const refValues = Float64Array.from(uniform(13, 1500).map((u) => u * 10));
    const curValues = Float64Array.from(uniform(14, 900).map((u) => u * 10 + 0.3));
    const refCopy = refValues.slice();
    const labels = uniform(15, 1500).map((u) => (u < 0.7 ? 'stop' : 'length'));
    const curLabels = uniform(16, 900).map((u) => (u < 0.6 ? 'stop' : 'length'));
    const columnar = computeDriftReport(
      { columns: { v: refValues, f: labels } },
      { columns: { v: curValues, f: curLabels } },
      { v: 'numerical', f: 'categorical' },
    );
    const rowwise = computeDriftReport(
      Array.from(refValues, (v, i) => ({ v, f: labels[i] })),
      Array.from(curValues, (v, i) => ({ v, f: curLabels[i] })),
      { v: 'numerical', f: 'categorical' },
    );
    expect(columnar).toEqual(rowwise);
    expect(columnar.columns.map((c) => c.test)).toEqual(['wasserstein', 'jensenshannon']);
    expect(refValues).toEqual(refCopy);
  });

  it('produces a plain JSON-serialisable object', () => {
    const report = computeDriftReport(rows([1, 2, 3, 4, 5, 6]), rows([2, 3, 4, 5, 6, 7]), {
      x: 'numerical',
    });
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    expect(Object.keys(report)).toEqual([
      'columns',
      'drifted_columns',
      'tested_columns',
      'share',
      'dataset_drift',
    ]);
  });
});
