import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { binnedShares, sharesFromTable } from '../../../src/drift/binned-shares';
import { tableFromCounts, tableFromSorted } from '../../../src/drift/category-table';
import { chiSquareTest } from '../../../src/drift/chi-square-test';
import { categoricalCounts, numericalValues, type Row } from '../../../src/drift/clean-column';
import { computeDriftReport } from '../../../src/drift/compute-drift-report';
import {
  fillZeroShares,
  jensenShannonDistance,
  klDivergence,
  populationStabilityIndex,
} from '../../../src/drift/jensen-shannon-distance';
import { ksTwoSample } from '../../../src/drift/ks-two-sample';
import { populationStd } from '../../../src/drift/pairwise-sum';
import { proportionsZTest } from '../../../src/drift/proportions-z-test';
import { isDrift, type ColumnType } from '../../../src/drift/stattest-registry';
import { normedWasserstein } from '../../../src/drift/wasserstein-distance';

// Reference vectors computed with SciPy 1.10.1 / numpy 1.24.2 (copied into the repo; the project
// never reads the shared folder).
type Num = number | 'NaN' | 'Infinity' | '-Infinity';
interface Expected {
  [key: string]: unknown;
  n_ref_clean: number;
  n_cur_clean: number;
  n_unique_union?: number;
  n_unique_ref?: number;
  error?: string;
  ks?: { statistic: Num; pvalue: Num; method: string; drift_detected: boolean };
  wasserstein?: { distance: Num; ref_std_ddof0: Num; normed: Num; drift_detected: boolean };
  binning?: {
    binning: 'sturges' | 'categories';
    n_bins?: number;
    bin_edges?: Num[];
    ref_counts: number[];
    cur_counts: number[];
    ref_percents: Num[];
    cur_percents: Num[];
    ref_zero_fill: Num;
    cur_zero_fill: Num;
  };
  jensenshannon?: { value: Num; drift_detected: boolean };
  psi?: { value: Num; drift_detected: boolean };
  kl_div?: { value: Num; drift_detected: boolean };
  chisquare?: { statistic: Num; pvalue: Num; dof: number; drift_detected: boolean };
  z?: { z: Num | null; pvalue: Num; drift_detected: boolean };
  evidently_default: {
    stattest?: string;
    threshold?: number;
    drift_score?: Num;
    drift_detected?: boolean;
    error?: string;
  };
}
interface VectorCase {
  id: string;
  column_type: ColumnType;
  reference: unknown[];
  current: unknown[];
  expected: Expected;
}
interface VectorDataset {
  id: string;
  columns: Record<string, { column_type: ColumnType; reference: unknown[]; current: unknown[] }>;
  expected: {
    per_column: Record<
      string,
      { stattest: string; threshold: number; drift_score: Num; drift_detected: boolean }
    >;
    number_of_columns: number;
    number_of_drifted_columns: number;
    share_of_drifted_columns: Num;
    drift_share: number;
    dataset_drift: boolean;
  };
}
interface VectorFile {
  meta: { tolerance: { rtol: number; atol: number } };
  cases: VectorCase[];
  datasets: VectorDataset[];
}

const vectors = JSON.parse(
  readFileSync(path.join(__dirname, '../../fixtures/drift-vectors.json'), 'utf8'),
) as VectorFile;
const { rtol, atol } = vectors.meta.tolerance;

function num(v: Num | null | undefined): number {
  if (v === 'NaN' || v === null || v === undefined) return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  return v;
}

/** |a − b| ≤ atol + rtol·|b|, with NaN/±∞ matched exactly; the message names case and field. */
function expectClose(actual: number | null, expected: Num | null | undefined, label: string): void {
  const e = num(expected);
  const a = actual ?? NaN;
  if (Number.isNaN(e) || !Number.isFinite(e)) {
    expect(Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e)), `${label}: ${a} vs ${e}`).toBe(
      true,
    );
    return;
  }
  const ok = Math.abs(a - e) <= atol + rtol * Math.abs(e);
  expect(ok, `${label}: got ${a}, SciPy ${e}, diff ${Math.abs(a - e)}`).toBe(true);
}

function expectAllClose(actual: ArrayLike<number>, expected: Num[], label: string): void {
  expect(actual.length, `${label}: length`).toBe(expected.length);
  expected.forEach((e, i) => expectClose(actual[i] ?? NaN, e, `${label}[${i}]`));
}

const rowsOf = (values: unknown[]): Row[] => values.map((x) => ({ x }));

function checkStatistics(c: VectorCase): void {
  const e = c.expected;
  const ref = rowsOf(c.reference);
  const cur = rowsOf(c.current);
  const id = c.id;
  if (c.column_type === 'categorical') {
    const rc = categoricalCounts(ref, 'x', 'reference');
    const cc = categoricalCounts(cur, 'x', 'current');
    expect(rc.size, `${id}: n_ref_clean`).toBe(e.n_ref_clean);
    expect(cc.size, `${id}: n_cur_clean`).toBe(e.n_cur_clean);
    if (e.error) return;
    const table = tableFromCounts(rc.counts, cc.counts);
    expect(table.keys.length, `${id}: n_unique_union`).toBe(e.n_unique_union);
    checkTableTests(id, table, e, sharesFromTable(table));
    return;
  }
  const rv = numericalValues(ref, 'x', 'reference');
  const cv = numericalValues(cur, 'x', 'current');
  expect(rv.length, `${id}: n_ref_clean`).toBe(e.n_ref_clean);
  expect(cv.length, `${id}: n_cur_clean`).toBe(e.n_cur_clean);
  if (e.error) return;
  const std = populationStd(rv);
  rv.sort();
  cv.sort();
  const table = tableFromSorted(rv, cv);
  expect(table.keys.length, `${id}: n_unique_union`).toBe(e.n_unique_union);
  const ks = ksTwoSample(rv, cv);
  expectClose(ks.statistic, e.ks?.statistic, `${id}: ks.statistic`);
  expectClose(ks.pValue, e.ks?.pvalue, `${id}: ks.pvalue`);
  expect(ks.method, `${id}: ks.method`).toBe(e.ks?.method);
  expect(isDrift('ks', ks.pValue, 0.05), `${id}: ks.drift_detected`).toBe(e.ks?.drift_detected);
  const w = normedWasserstein(rv, cv, std);
  expectClose(w.distance, e.wasserstein?.distance, `${id}: wasserstein.distance`);
  expectClose(w.referenceStd, e.wasserstein?.ref_std_ddof0, `${id}: wasserstein.ref_std_ddof0`);
  expectClose(w.normed, e.wasserstein?.normed, `${id}: wasserstein.normed`);
  expect(isDrift('wasserstein', w.normed, 0.1), `${id}: wasserstein.drift_detected`).toBe(
    e.wasserstein?.drift_detected,
  );
  let refUnique = 0;
  for (let i = 0; i < rv.length; i++) if (i === 0 || rv[i] !== rv[i - 1]) refUnique++;
  expect(refUnique, `${id}: n_unique_ref`).toBe(e.n_unique_ref);
  checkTableTests(id, table, e, binnedShares(rv, cv, refUnique));
}

function checkTableTests(
  id: string,
  table: ReturnType<typeof tableFromSorted>,
  e: Expected,
  shares: ReturnType<typeof binnedShares>,
): void {
  const b = e.binning!;
  expect(shares.binning, `${id}: binning`).toBe(b.binning);
  if (b.bin_edges) expectAllClose(shares.edges ?? [], b.bin_edges, `${id}: bin_edges`);
  expect(Array.from(shares.referenceCounts), `${id}: ref_counts`).toEqual(b.ref_counts);
  expect(Array.from(shares.currentCounts), `${id}: cur_counts`).toEqual(b.cur_counts);
  expectAllClose(shares.reference, b.ref_percents, `${id}: ref_percents`);
  expectAllClose(shares.current, b.cur_percents, `${id}: cur_percents`);
  expectClose(fillZeroShares(shares.reference).fill, b.ref_zero_fill, `${id}: ref_zero_fill`);
  expectClose(fillZeroShares(shares.current).fill, b.cur_zero_fill, `${id}: cur_zero_fill`);
  const js = jensenShannonDistance(shares.reference, shares.current);
  const psi = populationStabilityIndex(shares.reference, shares.current);
  const kl = klDivergence(shares.reference, shares.current);
  expectClose(js, e.jensenshannon?.value, `${id}: jensenshannon`);
  expectClose(psi, e.psi?.value, `${id}: psi`);
  expectClose(kl, e.kl_div?.value, `${id}: kl_div`);
  expect(isDrift('jensenshannon', js, 0.1), `${id}: js drift`).toBe(
    e.jensenshannon?.drift_detected,
  );
  expect(isDrift('psi', psi, 0.1), `${id}: psi drift`).toBe(e.psi?.drift_detected);
  expect(isDrift('kl_div', kl, 0.1), `${id}: kl drift`).toBe(e.kl_div?.drift_detected);
  if (e.chisquare) {
    const chi = chiSquareTest(table);
    expect(chi.degreesOfFreedom, `${id}: chisquare.dof`).toBe(e.chisquare.dof);
    expectClose(chi.statistic, e.chisquare.statistic, `${id}: chisquare.statistic`);
    expectClose(chi.pValue, e.chisquare.pvalue, `${id}: chisquare.pvalue`);
    expect(isDrift('chisquare', chi.pValue, 0.05), `${id}: chisquare drift`).toBe(
      e.chisquare.drift_detected,
    );
  }
  if (e.z) {
    const z = proportionsZTest(table);
    if (e.z.z === null) expect(z.z, `${id}: z special case`).toBeNull();
    else expectClose(Math.abs(z.z ?? NaN), Math.abs(num(e.z.z)), `${id}: |z|`);
    expectClose(z.pValue, e.z.pvalue, `${id}: z.pvalue`);
    expect(isDrift('z', z.pValue, 0.05), `${id}: z drift`).toBe(e.z.drift_detected);
  }
}

function checkDefaultVerdict(c: VectorCase): void {
  const report = computeDriftReport(rowsOf(c.reference), rowsOf(c.current), { x: c.column_type });
  const col = report.columns[0]!;
  const d = c.expected.evidently_default;
  expect(col.n_reference, `${c.id}: n_reference`).toBe(c.expected.n_ref_clean);
  expect(col.n_current, `${c.id}: n_current`).toBe(c.expected.n_cur_clean);
  if (d.error) {
    expect(col, `${c.id}: empty window`).toMatchObject({
      test: null,
      score: null,
      drifted: null,
      error: 'insufficient data',
    });
    expect(report.tested_columns, `${c.id}: tested_columns`).toBe(0);
    return;
  }
  expect(col.test, `${c.id}: chosen stattest`).toBe(d.stattest);
  expect(col.threshold, `${c.id}: threshold`).toBe(d.threshold);
  expectClose(col.score, d.drift_score, `${c.id}: drift_score`);
  expect(col.drifted, `${c.id}: drift_detected`).toBe(d.drift_detected);
  expect(col.error, `${c.id}: error`).toBeUndefined();
}

describe('public drift vectors: single columns', () => {
  it('has cases to check', () => {
    expect(vectors.cases.length).toBeGreaterThanOrEqual(19);
  });
  for (const c of vectors.cases) {
    it(`${c.id}: statistics match SciPy`, () => checkStatistics(c));
    it(`${c.id}: default test, score and verdict match Evidently`, () => checkDefaultVerdict(c));
  }
});

describe('public drift vectors: datasets', () => {
  for (const ds of vectors.datasets) {
    it(`${ds.id}: per-column verdicts, share and dataset drift`, () => {
      const names = Object.keys(ds.columns);
      const nRef = Math.max(...names.map((n) => ds.columns[n]!.reference.length));
      const nCur = Math.max(...names.map((n) => ds.columns[n]!.current.length));
      const build = (len: number, pick: 'reference' | 'current'): Row[] =>
        Array.from({ length: len }, (_, i) =>
          Object.fromEntries(names.map((n) => [n, ds.columns[n]![pick][i]])),
        );
      const types = Object.fromEntries(names.map((n) => [n, ds.columns[n]!.column_type]));
      const report = computeDriftReport(build(nRef, 'reference'), build(nCur, 'current'), types, {
        driftShare: ds.expected.drift_share,
      });
      expect(report.columns.map((c) => c.name)).toEqual(names);
      for (const col of report.columns) {
        const e = ds.expected.per_column[col.name]!;
        expect(col.test, `${ds.id}.${col.name}: stattest`).toBe(e.stattest);
        expect(col.threshold, `${ds.id}.${col.name}: threshold`).toBe(e.threshold);
        expectClose(col.score, e.drift_score, `${ds.id}.${col.name}: drift_score`);
        expect(col.drifted, `${ds.id}.${col.name}: drift_detected`).toBe(e.drift_detected);
      }
      expect(report.tested_columns, `${ds.id}: tested`).toBe(ds.expected.number_of_columns);
      expect(report.drifted_columns, `${ds.id}: drifted`).toBe(
        ds.expected.number_of_drifted_columns,
      );
      expectClose(report.share, ds.expected.share_of_drifted_columns, `${ds.id}: share`);
      expect(report.dataset_drift, `${ds.id}: dataset_drift`).toBe(ds.expected.dataset_drift);
    });
  }
});
