// Column extraction and Evidently's cleaning: ±inf and missing values are dropped per window,
// before any size, unique count or statistic is computed.

import type { CategoryKey } from './category-table';
import { DriftInputError } from './drift-input-error';
import type { CountedColumn } from './weighted-sample';

/** One row of a window: column name → JSON-like value. Missing keys count as missing values. */
export type Row = Readonly<Record<string, unknown>>;

/**
 * Column-oriented window (one array per column, lengths may differ). Lets big windows be passed as
 * Float64Array columns without materialising a million row objects.
 */
export interface ColumnarRows {
  readonly columns: Readonly<Record<string, ArrayLike<unknown>>>;
  /** Columns the source already counted (value → rows); a name here is absent from `columns`. */
  readonly counted?: Readonly<Record<string, CountedColumn>>;
}

/** A window of data: row objects (JSON Lines) or columns. */
export type Rows = readonly Row[] | ColumnarRows;

/** Which window a value came from, for error messages. */
export type WindowName = 'reference' | 'current';

/** String spellings of non-finite numbers accepted in numerical columns (JSON has no NaN). */
const NON_FINITE_STRINGS = new Set(['NaN', 'Infinity', '-Infinity']);

function isColumnar(rows: Rows): rows is ColumnarRows {
  return !Array.isArray(rows);
}

function describe(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  }
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object' || typeof value === 'function') return 'an object';
  if (typeof value === 'symbol') return 'a symbol';
  return `${value as boolean | number | bigint}`;
}

function columnValues(rows: Rows, name: string): ArrayLike<unknown> | undefined {
  if (!isColumnar(rows)) return undefined;
  return Object.prototype.hasOwnProperty.call(rows.columns, name) ? rows.columns[name] : [];
}

/**
 * A reusable Float64Array: a report over many numerical columns copies each column into the same
 * buffer instead of leaving one garbage copy per column for the GC, which keeps the peak memory of
 * a million-row report at the data plus one column pair.
 */
export class ScratchBuffer {
  private buffer = new Float64Array(0);

  /** A zero-offset view of at least `n` elements; its contents are overwritten by the caller. */
  take(n: number): Float64Array {
    if (this.buffer.length < n) this.buffer = new Float64Array(n);
    return this.buffer.subarray(0, n);
  }
}

/**
 * Finite values of a numerical column in original order, in a fresh array (or in `scratch`) that
 * the caller may sort.
 * null, missing keys, NaN, ±∞ and the strings "NaN"/"Infinity"/"-Infinity" are dropped; any other
 * non-number is an input error, because Evidently refuses non-numeric data in a numerical column.
 */
export function numericalValues(
  rows: Rows,
  name: string,
  window: WindowName,
  scratch?: ScratchBuffer,
): Float64Array {
  const column = columnValues(rows, name);
  const alloc = (n: number): Float64Array => (scratch ? scratch.take(n) : new Float64Array(n));
  if (column instanceof Float64Array) {
    let count = 0;
    const out = alloc(column.length);
    for (let i = 0; i < column.length; i++) {
      const v = column[i]!;
      if (Number.isFinite(v)) out[count++] = v;
    }
    return out.subarray(0, count);
  }
  const n = column ? column.length : (rows as readonly Row[]).length;
  const out = alloc(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const v = column ? column[i] : (rows as readonly Row[])[i]?.[name];
    if (typeof v === 'number') {
      if (Number.isFinite(v)) out[count++] = v;
    } else if (typeof v === 'bigint') {
      out[count++] = Number(v); // an integer beyond 2^53 (parse-json-lines): nearest double
    } else if (
      v !== null &&
      v !== undefined &&
      !(typeof v === 'string' && NON_FINITE_STRINGS.has(v))
    ) {
      throw new DriftInputError(
        'bad-value',
        `column "${name}" is numerical but row ${i + 1} of the ${window} window holds ${describe(v)}`,
      );
    }
  }
  return out.subarray(0, count);
}

/** Value counts of a categorical column after dropping missing values. */
export interface CategoryCounts {
  counts: Map<CategoryKey, number>;
  size: number;
}

/**
 * A category keyed the way pandas hashes an object column (so Evidently's value counts): true is
 * the number 1 and false is 0 (Python's True == 1), 1 and 1.0 are one number, -0 is 0; strings
 * stay apart from numbers ("1" is not 1).
 */
export function categoryKey(v: string | number | boolean | bigint): CategoryKey {
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v === 0 ? 0 : v;
}

/**
 * Counts of a categorical column, keyed by {@link categoryKey}; null, missing keys, NaN and ±∞
 * are missing and never a category.
 */
export function categoricalCounts(rows: Rows, name: string, window: WindowName): CategoryCounts {
  const column = columnValues(rows, name);
  const n = column ? column.length : (rows as readonly Row[]).length;
  const counts = new Map<CategoryKey, number>();
  let size = 0;
  for (let i = 0; i < n; i++) {
    const v = column ? column[i] : (rows as readonly Row[])[i]?.[name];
    if (v === null || v === undefined) continue;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) continue;
    } else if (typeof v !== 'string' && typeof v !== 'boolean' && typeof v !== 'bigint') {
      throw new DriftInputError(
        'bad-value',
        `column "${name}" is categorical but row ${i + 1} of the ${window} window holds ${describe(v)}`,
      );
    }
    const key = categoryKey(v);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    size++;
  }
  return { counts, size };
}

/**
 * Finite values, sorted ascending, as a fresh Float64Array (typed-array sort: no comparator, no
 * boxing). The shared first step of KS and Wasserstein.
 */
export function sortedFinite(values: ArrayLike<number>): Float64Array {
  let count = 0;
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) out[count++] = v;
  }
  const result = count === out.length ? out : out.subarray(0, count);
  return result.sort();
}
