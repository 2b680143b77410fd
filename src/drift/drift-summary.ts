// What a drift check found, in the shape cards and incidents keep: the report, the windows
// and their sizes, and a small two-series distribution of the most drifted feature.

import type { ColumnDriftResult } from './column-drift';
import type { DriftReport } from './compute-drift-report';
import type { TimeRange } from './drift-windows';
import { INFERENCE_FEATURES, isFeatureName, type FeatureWindow } from './inference-features';
import { STATTESTS } from './stattest-registry';

export interface WindowInfo extends TimeRange {
  /** Predictions in the window (before per-column cleaning). */
  readonly n: number;
  readonly truncated: boolean;
}

/** Reference vs current shares per bin (numerical) or category, for a small chart. */
export interface DistributionChart {
  readonly feature: string;
  readonly label: string;
  readonly bins: readonly string[];
  readonly reference: readonly number[];
  readonly current: readonly number[];
}

export interface DriftSummary {
  readonly target: string;
  readonly source: string;
  readonly at: number;
  readonly current: WindowInfo;
  readonly reference: WindowInfo;
  readonly report: DriftReport;
  readonly chart: DistributionChart | undefined;
}

/** How far past its threshold a column is (> 1 = drifted), comparable across tests. */
export function severity(c: ColumnDriftResult): number {
  if (c.test === null || c.score === null || c.threshold === null) return 0;
  if (STATTESTS[c.test].kind === 'p_value') return c.threshold / Math.max(c.score, 1e-300);
  return c.threshold === 0 ? Number.POSITIVE_INFINITY : c.score / c.threshold;
}

/** The drifted column furthest past its threshold, or undefined when none drifted. */
export function mostDrifted(report: DriftReport): ColumnDriftResult | undefined {
  let best: ColumnDriftResult | undefined;
  for (const c of report.columns) {
    if (c.drifted !== true) continue;
    if (!best || severity(c) > severity(best)) best = c;
  }
  return best;
}

export const featureLabel = (name: string): string =>
  isFeatureName(name) ? INFERENCE_FEATURES[name].label : name;

/** (value, count) pairs of a column, whether the source counted it or sent raw values. */
function pairsOf(w: FeatureWindow, name: string): [unknown, number][] {
  const counted = w.counted?.[name];
  if (counted) return [...counted.counts];
  const col = w.columns[name];
  const out: [unknown, number][] = [];
  for (let i = 0; i < (col?.length ?? 0); i++) out.push([col?.[i], 1]);
  return out;
}

const finite = (pairs: [unknown, number][]): [number, number][] =>
  pairs.filter((p): p is [number, number] => typeof p[0] === 'number' && Number.isFinite(p[0]));

const share = (counts: number[], total: number) =>
  counts.map((c) => (total === 0 ? 0 : Math.round((c / total) * 1000) / 1000));

const compact = (v: number) =>
  Math.abs(v) >= 1000 ? `${Math.round(v / 100) / 10}k` : `${Math.round(v * 10) / 10}`;

/** Equal-width bins over both windows (numerical) or the top categories (categorical). */
export function distributionChart(
  column: ColumnDriftResult,
  reference: FeatureWindow,
  current: FeatureWindow,
  bins = 8,
): DistributionChart | undefined {
  const ref = pairsOf(reference, column.name);
  const cur = pairsOf(current, column.name);
  const label = featureLabel(column.name);
  if (column.type === 'numerical') {
    const r = finite(ref);
    const c = finite(cur);
    if (r.length === 0 || c.length === 0) return undefined;
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const [v] of [...r, ...c]) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    const width = hi > lo ? (hi - lo) / bins : 1;
    const count = (pairs: [number, number][]) => {
      const out = new Array<number>(bins).fill(0);
      let total = 0;
      for (const [v, n] of pairs) {
        out[Math.min(bins - 1, Math.floor((v - lo) / width))]! += n;
        total += n;
      }
      return share(out, total);
    };
    return {
      feature: column.name,
      label,
      bins: Array.from({ length: bins }, (_, i) => compact(lo + i * width)),
      reference: count(r),
      current: count(c),
    };
  }
  const tally = (pairs: [unknown, number][]) => {
    const m = new Map<string, number>();
    let n = 0;
    for (const [v, k] of pairs) {
      if (v === null || v === undefined) continue;
      const key = typeof v === 'string' ? v : JSON.stringify(v);
      m.set(key, (m.get(key) ?? 0) + k);
      n += k;
    }
    return { m, n };
  };
  const a = tally(ref);
  const b = tally(cur);
  const keys = [...new Set([...a.m.keys(), ...b.m.keys()])]
    .sort((x, y) => (b.m.get(y) ?? 0) + (a.m.get(y) ?? 0) - (b.m.get(x) ?? 0) - (a.m.get(x) ?? 0))
    .slice(0, bins);
  if (keys.length === 0) return undefined;
  return {
    feature: column.name,
    label,
    bins: keys,
    reference: share(
      keys.map((k) => a.m.get(k) ?? 0),
      a.n,
    ),
    current: share(
      keys.map((k) => b.m.get(k) ?? 0),
      b.n,
    ),
  };
}
