// A window of predictions as (feature, value, count) groups: what a SQL `GROUP BY feature,
// value` over an inference table or the bot's log returns. Pure: sources run the query, this
// module turns its rows into counted feature columns for computeDriftReport.

import type { CategoryKey } from './category-table';
import {
  INFERENCE_FEATURES,
  type FeatureDefinition,
  type FeatureName,
  type FeatureWindow,
} from './inference-features';
import type { CountedColumn } from './weighted-sample';

/** One group: how many predictions had `value` for `feature` (null value = unknown). */
export interface FeatureValueCount {
  readonly feature: string;
  readonly value: string | number | null;
  readonly n: number;
  /** Width the source rounded the values down to; 0 or absent = exact. */
  readonly binWidth?: number;
}

/**
 * Counted columns for `features` from grouped rows. Numerical values are parsed as numbers
 * (SQL returns DOUBLE cells as strings); groups of other features are ignored. The window size
 * is the largest per-feature total, unknown values included, as a raw window's row count.
 */
export function countedWindow(
  groups: Iterable<FeatureValueCount>,
  features: readonly FeatureName[],
): FeatureWindow {
  const maps = new Map<string, Map<CategoryKey | null, number>>(
    features.map((f) => [f, new Map()]),
  );
  const widths = new Map<string, number>();
  for (const g of groups) {
    const counts = maps.get(g.feature);
    if (!counts || !(g.n > 0)) continue;
    const numerical = INFERENCE_FEATURES[g.feature as FeatureName].type === 'numerical';
    const key = g.value === null ? null : numerical ? Number(g.value) : String(g.value);
    counts.set(key, (counts.get(key) ?? 0) + g.n);
    if (g.binWidth !== undefined && g.binWidth > 0) widths.set(g.feature, g.binWidth);
  }
  const counted: Record<string, CountedColumn> = {};
  let size = 0;
  for (const [feature, counts] of maps) {
    const def: FeatureDefinition = INFERENCE_FEATURES[feature as FeatureName];
    const binWidth = widths.get(feature);
    counted[feature] = {
      counts,
      ...(binWidth !== undefined ? { binWidth } : {}),
      ...(def.unit !== undefined ? { unit: def.unit } : {}),
    };
    let total = 0;
    for (const n of counts.values()) total += n;
    size = Math.max(size, total);
  }
  return { columns: {}, counted, size, truncated: false };
}

/**
 * The bin width for a window with `distinct` values against a cap: 0 (exact) within the cap,
 * else resolution × 10^k with the smallest k that divides the spread down to the cap. The
 * Databricks statement computes the same in SQL (power(10, ceil(log10(d / cap)))).
 */
export function binWidthFor(distinct: number, cap: number, resolution = 1): number {
  if (distinct <= cap) return 0;
  return resolution * 10 ** Math.ceil(Math.log10(distinct / cap));
}
