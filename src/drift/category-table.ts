// Per-value counts of both windows over the union of their distinct values: the input of the
// chi-square, Z, and per-value Jensen-Shannon/PSI/KL computations.

/** A categorical value; booleans are keyed as 1/0 before they get here (see categoryKey). */
export type CategoryKey = string | number | boolean | bigint;

/** Counts per distinct value of reference ∪ current, keys sorted (numbers, booleans, strings). */
export interface CategoryTable {
  keys: CategoryKey[];
  reference: Float64Array;
  current: Float64Array;
}

const TYPE_RANK: Record<string, number> = { number: 0, bigint: 0, boolean: 1, string: 2 };

/** Deterministic key order. Evidently iterates a set; the order only affects last-ulp sums. */
export function compareKeys(a: CategoryKey, b: CategoryKey): number {
  const ta = TYPE_RANK[typeof a] ?? 3;
  const tb = TYPE_RANK[typeof b] ?? 3;
  if (ta !== tb) return ta - tb;
  if (ta === 0) return a < b ? -1 : a > b ? 1 : 0; // number and bigint compare exactly
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** Builds the table from the two windows' value counts (categorical columns). */
export function tableFromCounts(
  reference: ReadonlyMap<CategoryKey, number>,
  current: ReadonlyMap<CategoryKey, number>,
): CategoryTable {
  const keySet = new Set<CategoryKey>(reference.keys());
  for (const k of current.keys()) keySet.add(k);
  const keys = [...keySet].sort(compareKeys);
  const ref = new Float64Array(keys.length);
  const cur = new Float64Array(keys.length);
  keys.forEach((k, i) => {
    ref[i] = reference.get(k) ?? 0;
    cur[i] = current.get(k) ?? 0;
  });
  return { keys, reference: ref, current: cur };
}

/**
 * Builds the table from two SORTED numerical samples by run-length over their merge, so a
 * numerical column with few distinct values is tested per value exactly like Evidently does.
 */
export function tableFromSorted(sortedRef: Float64Array, sortedCur: Float64Array): CategoryTable {
  const keys: number[] = [];
  const ref: number[] = [];
  const cur: number[] = [];
  let i = 0;
  let j = 0;
  const n1 = sortedRef.length;
  const n2 = sortedCur.length;
  while (i < n1 || j < n2) {
    const v = i < n1 && (j >= n2 || sortedRef[i]! <= sortedCur[j]!) ? sortedRef[i]! : sortedCur[j]!;
    const i0 = i;
    const j0 = j;
    while (i < n1 && sortedRef[i]! <= v) i++;
    while (j < n2 && sortedCur[j]! <= v) j++;
    keys.push(v === 0 ? 0 : v);
    ref.push(i - i0);
    cur.push(j - j0);
  }
  return { keys, reference: Float64Array.from(ref), current: Float64Array.from(cur) };
}

/** Number of distinct values in reference ∪ current of two SORTED samples (pandas `nunique`). */
export function countUniqueSorted(sortedRef: Float64Array, sortedCur: Float64Array): number {
  let count = 0;
  let i = 0;
  let j = 0;
  const n1 = sortedRef.length;
  const n2 = sortedCur.length;
  while (i < n1 || j < n2) {
    const v = i < n1 && (j >= n2 || sortedRef[i]! <= sortedCur[j]!) ? sortedRef[i]! : sortedCur[j]!;
    while (i < n1 && sortedRef[i]! <= v) i++;
    while (j < n2 && sortedCur[j]! <= v) j++;
    count++;
  }
  return count;
}

/** Distinct values of one SORTED sample. */
export function countUniqueInSorted(sorted: Float64Array): number {
  let count = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) count++;
  return count;
}
