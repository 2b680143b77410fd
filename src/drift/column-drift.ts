// Drift of one column: cleaning, Evidently's default test choice, the test itself and the verdict.

import { binnedShares, sharesFromTable, type BinnedShares } from './binned-shares';
import {
  countUniqueInSorted,
  countUniqueSorted,
  tableFromCounts,
  tableFromSorted,
  type CategoryKey,
  type CategoryTable,
} from './category-table';
import { chiSquareTest } from './chi-square-test';
import {
  categoricalCounts,
  numericalValues,
  type CategoryCounts,
  type Rows,
  type ScratchBuffer,
  type WindowName,
} from './clean-column';
import {
  jensenShannonDistance,
  klDivergence,
  populationStabilityIndex,
} from './jensen-shannon-distance';
import { ksTwoSample } from './ks-two-sample';
import { populationStd } from './pairwise-sum';
import { proportionsZTest } from './proportions-z-test';
import {
  defaultStattest,
  isDrift,
  STATTESTS,
  type ColumnType,
  type StatTestName,
} from './stattest-registry';
import { normedWasserstein } from './wasserstein-distance';
import { weightedNumericalScore } from './weighted-score';
import {
  binningText,
  rebin,
  weightedFromCounts,
  weightedFromSorted,
  type CountedColumn,
  type WeightedSample,
} from './weighted-sample';

/** Marker for a column that could not be judged because a window had no usable value. */
export const INSUFFICIENT_DATA = 'insufficient data';

/** One column of the report. Field names are snake_case because this object IS the JSON output. */
export interface ColumnDriftResult {
  name: string;
  type: ColumnType;
  /** null when a window was empty after cleaning. */
  test: StatTestName | null;
  /** p-value or distance; null when not computed, or when the test is undefined (NaN). */
  score: number | null;
  threshold: number | null;
  drifted: boolean | null;
  /** Cleaned sizes (missing/±inf dropped): what the test actually saw. */
  n_reference: number;
  n_current: number;
  error?: typeof INSUFFICIENT_DATA;
  /** Set when the source binned the values (too many distinct ones): the width tested at. */
  bin_width?: number;
  /** The same in words, e.g. "binned to 10 ms", for cards and `--json` readers. */
  binning?: string;
}

/** Per-column overrides; absent fields fall back to Evidently's defaults. */
export interface ColumnDriftSettings {
  stattest?: StatTestName;
  threshold?: number;
}

function distanceOnShares(test: 'jensenshannon' | 'psi' | 'kl_div', s: BinnedShares): number {
  if (test === 'jensenshannon') return jensenShannonDistance(s.reference, s.current);
  if (test === 'psi') return populationStabilityIndex(s.reference, s.current);
  return klDivergence(s.reference, s.current);
}

function scoreOnTable(
  test: 'chisquare' | 'z' | 'jensenshannon' | 'psi' | 'kl_div',
  t: CategoryTable,
): number {
  if (test === 'chisquare') return chiSquareTest(t).pValue;
  if (test === 'z') return proportionsZTest(t).pValue;
  return distanceOnShares(test, sharesFromTable(t));
}

/**
 * Score of a numerical column from its cleaned values (original order; both arrays are sorted in
 * place). Returns the chosen test and its raw score.
 */
export function numericalScore(
  reference: Float64Array,
  current: Float64Array,
  forced?: StatTestName,
): { test: StatTestName; score: number } {
  // np.std is order-sensitive in its last bits; take it before sorting, and only if it may be used.
  const mayUseStd = forced === undefined ? reference.length > 1000 : forced === 'wasserstein';
  const std = mayUseStd ? populationStd(reference) : NaN;
  reference.sort();
  current.sort();
  const test =
    forced ?? defaultStattest('numerical', reference.length, countUniqueSorted(reference, current));
  switch (test) {
    case 'ks':
      return { test, score: ksTwoSample(reference, current).pValue };
    case 'wasserstein':
      return { test, score: normedWasserstein(reference, current, std).normed };
    case 'chisquare':
    case 'z':
      return { test, score: scoreOnTable(test, tableFromSorted(reference, current)) };
    case 'jensenshannon':
    case 'psi':
    case 'kl_div':
      return {
        test,
        score: distanceOnShares(
          test,
          binnedShares(reference, current, countUniqueInSorted(reference)),
        ),
      };
  }
}

/** Score of a categorical column from its value counts. */
export function categoricalScore(
  table: CategoryTable,
  nReference: number,
  forced?: StatTestName,
): { test: StatTestName; score: number } {
  const test = forced ?? defaultStattest('categorical', nReference, table.keys.length);
  if (test === 'ks' || test === 'wasserstein') {
    throw new RangeError(`stattest ${test} does not apply to categorical columns`);
  }
  return { test, score: scoreOnTable(test, table) };
}

/**
 * Evidently's per-column pipeline: clean each window, report "insufficient data" (instead of
 * Evidently's exception) when one is empty, choose the default test unless one is forced, apply
 * the threshold with the test's own comparison. `scratch` lets a multi-column report reuse one
 * pair of buffers for the cleaned copies.
 */
export function columnDrift(
  name: string,
  type: ColumnType,
  reference: Rows,
  current: Rows,
  settings: ColumnDriftSettings = {},
  scratch?: { reference: ScratchBuffer; current: ScratchBuffer },
): ColumnDriftResult {
  let nRef: number;
  let nCur: number;
  let compute: () => { test: StatTestName; score: number };
  const countedRef = countedOf(reference, name);
  const countedCur = countedOf(current, name);
  let binning: { bin_width: number; binning: string } | undefined;
  if (type === 'numerical' && (countedRef || countedCur)) {
    const a = weightedOf(reference, name, 'reference', countedRef, scratch?.reference);
    const b = weightedOf(current, name, 'current', countedCur, scratch?.current);
    // Both windows are tested at the coarser resolution, so a binned one never meets an exact one.
    const width = Math.max(a.width, b.width);
    const ref = a.width === width ? a.sample : rebin(a.sample, width);
    const cur = b.width === width ? b.sample : rebin(b.sample, width);
    if (width > 0) {
      binning = {
        bin_width: width,
        binning: binningText(width, countedRef?.unit ?? countedCur?.unit),
      };
    }
    nRef = ref.n;
    nCur = cur.n;
    compute = () => weightedNumericalScore(ref, cur, settings.stattest);
  } else if (type === 'numerical') {
    const ref = numericalValues(reference, name, 'reference', scratch?.reference);
    const cur = numericalValues(current, name, 'current', scratch?.current);
    nRef = ref.length;
    nCur = cur.length;
    compute = () => numericalScore(ref, cur, settings.stattest);
  } else {
    const ref = countsOf(reference, name, 'reference', countedRef);
    const cur = countsOf(current, name, 'current', countedCur);
    nRef = ref.size;
    nCur = cur.size;
    compute = () =>
      categoricalScore(tableFromCounts(ref.counts, cur.counts), nRef, settings.stattest);
  }
  if (nRef === 0 || nCur === 0) {
    return {
      name,
      type,
      test: null,
      score: null,
      threshold: null,
      drifted: null,
      n_reference: nRef,
      n_current: nCur,
      error: INSUFFICIENT_DATA,
      ...binning,
    };
  }
  const { test, score } = compute();
  const threshold = settings.threshold ?? STATTESTS[test].threshold;
  return {
    name,
    type,
    test,
    score: Number.isFinite(score) ? score : null,
    threshold,
    drifted: isDrift(test, score, threshold),
    n_reference: nRef,
    n_current: nCur,
    ...binning,
  };
}

function countedOf(rows: Rows, name: string): CountedColumn | undefined {
  if (Array.isArray(rows)) return undefined;
  const counted = (rows as { counted?: Readonly<Record<string, CountedColumn>> }).counted;
  return counted && Object.prototype.hasOwnProperty.call(counted, name) ? counted[name] : undefined;
}

/** A numerical window as value → count: the source's counts, or its raw values run-length coded. */
function weightedOf(
  rows: Rows,
  name: string,
  window: WindowName,
  counted: CountedColumn | undefined,
  scratch: ScratchBuffer | undefined,
): { sample: WeightedSample; width: number } {
  if (counted) return { sample: weightedFromCounts(counted.counts), width: counted.binWidth ?? 0 };
  return {
    sample: weightedFromSorted(numericalValues(rows, name, window, scratch).sort()),
    width: 0,
  };
}

/** Category counts from the source's counts (missing values dropped) or from raw values. */
function countsOf(
  rows: Rows,
  name: string,
  window: WindowName,
  counted: CountedColumn | undefined,
): CategoryCounts {
  if (!counted) return categoricalCounts(rows, name, window);
  const counts = new Map<CategoryKey, number>();
  let size = 0;
  for (const [key, n] of counted.counts) {
    if (key === null || !(n > 0) || (typeof key === 'number' && !Number.isFinite(key))) continue;
    counts.set(key, (counts.get(key) ?? 0) + n);
    size += n;
  }
  return { counts, size };
}
