// The two served entities of a canary side by side, from counted inference windows. Pure: the
// window source runs the SQL, the drift engine judges distributions, this module adds the rates
// and the percentile the verdict compares.

import type { CategoryKey } from '../../drift/category-table';
import { computeDriftReport, type DriftReport } from '../../drift/compute-drift-report';
import {
  featureColumns,
  type FeatureName,
  type FeatureWindow,
} from '../../drift/inference-features';

/** One entity's traffic over the window; null = no rows with that value known. */
export interface EntityStats {
  readonly requests: number;
  readonly p95LatencyMs: number | null;
  /** Share of requests answered with a status other than 200 (429 and 5xx included). */
  readonly errorRate: number | null;
  /** Share of requests stopped by the content filter (finish reason or a 400 content_filter). */
  readonly filterRate: number | null;
  readonly meanCompletionTokens: number | null;
  /** Finish reason → share of the answers that had one. */
  readonly finishReasons: Readonly<Record<string, number>>;
}

export interface EntityComparison {
  readonly current: EntityStats;
  readonly candidate: EntityStats;
  /** Candidate against current (the reference) on the drift features. */
  readonly drift: DriftReport;
}

/** Value → count of a feature, whether the source counted it or returned raw rows. */
function countsOf(w: FeatureWindow, feature: FeatureName): Map<CategoryKey | null, number> {
  const counted = w.counted?.[feature];
  if (counted) return new Map(counted.counts);
  const out = new Map<CategoryKey | null, number>();
  const col = w.columns[feature];
  if (!col) return out;
  for (let i = 0; i < col.length; i++) {
    const raw = col[i];
    const key: CategoryKey | null =
      typeof raw === 'string' || (typeof raw === 'number' && !Number.isNaN(raw)) ? raw : null;
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

function known(counts: Map<CategoryKey | null, number>): [CategoryKey, number][] {
  return [...counts].filter((e): e is [CategoryKey, number] => e[0] !== null && e[1] > 0);
}

/** Nearest rank, as suite-runner's `percentile` defines it, over value → count. */
export function countedPercentile(
  counts: Map<CategoryKey | null, number>,
  p: number,
): number | null {
  const values = known(counts)
    .map(([v, n]) => [Number(v), n] as const)
    .filter(([v]) => Number.isFinite(v))
    .sort((a, b) => a[0] - b[0]);
  const total = values.reduce((s, [, n]) => s + n, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (const [v, n] of values) {
    seen += n;
    if (seen >= rank) return v;
  }
  return values[values.length - 1]?.[0] ?? null;
}

/** Share of known values for which `hit` holds; null without any known value. */
function share(
  counts: Map<CategoryKey | null, number>,
  hit: (v: string) => boolean,
): number | null {
  const k = known(counts);
  const total = k.reduce((s, [, n]) => s + n, 0);
  if (total === 0) return null;
  return k.filter(([v]) => hit(String(v))).reduce((s, [, n]) => s + n, 0) / total;
}

function mean(counts: Map<CategoryKey | null, number>): number | null {
  const k = known(counts).map(([v, n]) => [Number(v), n] as const);
  const total = k.reduce((s, [, n]) => s + n, 0);
  return total === 0 ? null : k.reduce((s, [v, n]) => s + v * n, 0) / total;
}

export function entityStats(w: FeatureWindow): EntityStats {
  const finish = known(countsOf(w, 'finish_reason'));
  const answered = finish.reduce((s, [, n]) => s + n, 0);
  return {
    requests: w.size,
    p95LatencyMs: countedPercentile(countsOf(w, 'latency_ms'), 95),
    errorRate: share(countsOf(w, 'status'), (v) => v !== 'ok'),
    filterRate: share(countsOf(w, 'content_filter'), (v) => v === 'yes'),
    meanCompletionTokens: mean(countsOf(w, 'completion_tokens')),
    finishReasons: Object.fromEntries(finish.map(([v, n]) => [String(v), n / answered])),
  };
}

/**
 * Both entities' stats, and the drift engine's verdict on `driftFeatures` with the current
 * entity as the reference (the same tests and thresholds as the drift monitor).
 */
export function compareEntities(
  current: FeatureWindow,
  candidate: FeatureWindow,
  driftFeatures: readonly FeatureName[],
): EntityComparison {
  return {
    current: entityStats(current),
    candidate: entityStats(candidate),
    drift: computeDriftReport(current, candidate, featureColumns(driftFeatures)),
  };
}
