// A numerical window as a weighted empirical distribution (distinct value → count): what a SQL
// `GROUP BY feature, value` returns. KS, Wasserstein and the per-value tests need nothing more,
// so a whole window is judged exactly without its rows ever crossing the network.

import type { CategoryKey, CategoryTable } from './category-table';
import { pairwiseSum } from './pairwise-sum';

/** Distinct finite values ascending, their positive integer counts, and the total count. */
export interface WeightedSample {
  readonly values: Float64Array;
  readonly counts: Float64Array;
  readonly n: number;
}

/**
 * From value → count pairs in any order (a SQL result, a Map). Missing and non-finite values are
 * dropped, as Evidently drops them; equal values (0 and −0 included) are merged.
 */
export function weightedFromCounts(
  pairs: Iterable<readonly [CategoryKey | null, number]>,
): WeightedSample {
  const merged = new Map<number, number>();
  for (const [key, count] of pairs) {
    const v = typeof key === 'number' ? key : typeof key === 'string' ? Number(key) : NaN;
    if (!Number.isFinite(v) || !(count > 0) || (typeof key === 'string' && key.trim() === '')) {
      continue;
    }
    merged.set(v, (merged.get(v) ?? 0) + count);
  }
  const values = Float64Array.from(merged.keys()).sort();
  const counts = new Float64Array(values.length);
  let n = 0;
  values.forEach((v, i) => {
    counts[i] = merged.get(v)!;
    n += counts[i];
  });
  return { values, counts, n };
}

/** Run-length of an ALREADY SORTED finite sample: the raw rows as a weighted sample. */
export function weightedFromSorted(sorted: Float64Array): WeightedSample {
  const values: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i]!;
    if (values.length > 0 && values[values.length - 1] === v) counts[counts.length - 1]! += 1;
    else {
      values.push(v === 0 ? 0 : v);
      counts.push(1);
    }
  }
  return {
    values: Float64Array.from(values),
    counts: Float64Array.from(counts),
    n: sorted.length,
  };
}

/** The bin of `v` at `width`, written exactly as the SQL does it: floor(v / width) * width. */
export const binValue = (v: number, width: number): number => Math.floor(v / width) * width;

/**
 * Re-bins a sample to `width` (0 = unchanged). Two windows binned at different widths are
 * compared at the coarser one, so a binned reference never meets an exact current.
 */
export function rebin(w: WeightedSample, width: number): WeightedSample {
  if (!(width > 0)) return w;
  const values: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < w.values.length; i++) {
    const b = binValue(w.values[i]!, width);
    if (values.length > 0 && values[values.length - 1] === b) {
      counts[counts.length - 1]! += w.counts[i]!;
    } else {
      values.push(b === 0 ? 0 : b);
      counts.push(w.counts[i]!);
    }
  }
  return { values: Float64Array.from(values), counts: Float64Array.from(counts), n: w.n };
}

/** Population (ddof = 0) standard deviation of the weighted sample, as np.std of its rows. */
export function weightedStd(w: WeightedSample): number {
  if (w.n === 0) return NaN;
  const k = w.values.length;
  const terms = new Float64Array(k);
  for (let i = 0; i < k; i++) terms[i] = w.values[i]! * w.counts[i]!;
  const mean = pairwiseSum(terms, 0, k) / w.n;
  for (let i = 0; i < k; i++) {
    const d = w.values[i]! - mean;
    terms[i] = d * d * w.counts[i]!;
  }
  return Math.sqrt(pairwiseSum(terms, 0, k) / w.n);
}

/**
 * Walks the distinct values of a ∪ b in ascending order, calling `step` with each value and the
 * cumulative counts of both samples up to and including it (the two right-continuous ECDFs).
 */
export function mergeWeighted(
  a: WeightedSample,
  b: WeightedSample,
  step: (value: number, cumA: number, cumB: number, countA: number, countB: number) => void,
): void {
  let i = 0;
  let j = 0;
  let ca = 0;
  let cb = 0;
  const na = a.values.length;
  const nb = b.values.length;
  while (i < na || j < nb) {
    const v = i < na && (j >= nb || a.values[i]! <= b.values[j]!) ? a.values[i]! : b.values[j]!;
    let da = 0;
    let db = 0;
    if (i < na && a.values[i] === v) da = a.counts[i++]!;
    if (j < nb && b.values[j] === v) db = b.counts[j++]!;
    ca += da;
    cb += db;
    step(v, ca, cb, da, db);
  }
}

/** Distinct values of a ∪ b (pandas `nunique` of the pooled column). */
export function countUniqueWeighted(a: WeightedSample, b: WeightedSample): number {
  let count = 0;
  mergeWeighted(a, b, () => count++);
  return count;
}

/** Per-value counts of both samples: the chi-square / Z / per-value share table. */
export function tableFromWeighted(a: WeightedSample, b: WeightedSample): CategoryTable {
  const keys: number[] = [];
  const ref: number[] = [];
  const cur: number[] = [];
  mergeWeighted(a, b, (v, _ca, _cb, da, db) => {
    keys.push(v);
    ref.push(da);
    cur.push(db);
  });
  return { keys, reference: Float64Array.from(ref), current: Float64Array.from(cur) };
}

/**
 * A column already aggregated by its source (SQL `GROUP BY feature, value`, or counted after
 * parsing): value → rows. A null key counts missing values (part of the window size, never
 * tested).
 */
export interface CountedColumn {
  readonly counts: ReadonlyMap<CategoryKey | null, number>;
  /** Width the values were rounded down to by the source; absent or 0 = exact values. */
  readonly binWidth?: number;
  /** Unit of the values, for the "binned to 10 ms" note. */
  readonly unit?: string;
}

/** "binned to 10 ms": the resolution a binned column was tested at, said on cards and in JSON. */
export function binningText(width: number, unit: string | undefined): string {
  const w = Number(width.toPrecision(12));
  return `binned to ${w}${unit ? ` ${unit}` : ''}`;
}
