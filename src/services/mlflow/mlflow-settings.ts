import type { MlflowExperiment, MlflowRun } from './mlflow-types';

/** Which way a metric improves; decides "best run" and the sign of a delta. */
export type MetricDirection = 'lower' | 'higher';

/** Operator choices for run cards, from configuration (see src/config/index.ts). */
export interface MlflowSettings {
  /** Used by `runs` without an experiment. */
  readonly defaultExperiment: string | undefined;
  /** Experiment name or id → metrics shown on run cards, most important first; `*` = all. */
  readonly keyMetrics: Readonly<Record<string, readonly string[]>>;
  /** Metric name → which way is better, overriding the name heuristic. */
  readonly metricDirections: Readonly<Record<string, MetricDirection>>;
}

/** No configuration: runs needs an experiment, key metrics and directions come from the data. */
export const DEFAULT_MLFLOW_SETTINGS: MlflowSettings = {
  defaultExperiment: undefined,
  keyMetrics: {},
  metricDirections: {},
};

const LOWER_IS_BETTER = /loss|error|rmse|mae|mse|perplexity|latency/i;

/** Configured direction, else: loss/error/rmse/mae/mse-like names are minimised, the rest maximised. */
export function metricDirection(settings: MlflowSettings, metric: string): MetricDirection {
  return settings.metricDirections[metric] ?? (LOWER_IS_BETTER.test(metric) ? 'lower' : 'higher');
}

/** Metrics configured for this experiment (by name, then id, then `*`), or undefined. */
export function configuredKeyMetrics(
  settings: MlflowSettings,
  experiment: Pick<MlflowExperiment, 'experimentId' | 'name'>,
): readonly string[] | undefined {
  return (
    settings.keyMetrics[experiment.name] ??
    settings.keyMetrics[experiment.experimentId] ??
    settings.keyMetrics['*']
  );
}

/**
 * The metrics worth a column when nobody configured any: those most runs on the page have,
 * ties broken by name so the choice is stable between pages.
 */
export function commonMetrics(runs: readonly MlflowRun[], limit: number): string[] {
  const counts = new Map<string, number>();
  for (const run of runs) {
    for (const key of new Set(run.metrics.map((m) => m.key))) {
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([key]) => key);
}

/** Levenshtein distance, case-insensitive; small inputs only (experiment names). */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      cur.push(Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = cur;
  }
  return prev[t.length] ?? 0;
}

/**
 * Names closest to what the user typed, for "did you mean". A name containing the input
 * counts as close; otherwise the distance must stay under half the longer name.
 */
export function nearestNames(input: string, names: readonly string[], limit = 3): string[] {
  const needle = input.toLowerCase();
  return names
    .map((name) => {
      const lower = name.toLowerCase();
      const contains = needle.length >= 3 && lower.includes(needle);
      // Databricks names are workspace paths; people type the last segment.
      const base = name.slice(name.lastIndexOf('/') + 1);
      const distance = Math.min(editDistance(input, name), editDistance(input, base));
      return { name, score: contains ? Math.min(distance, 1) : distance, contains };
    })
    .filter((c) => c.contains || c.score <= Math.max(2, Math.floor(input.length / 2)))
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map((c) => c.name);
}

/**
 * Parses MLFLOW_KEY_METRICS: `experiment=metric,metric;other=metric` (`*` for every
 * experiment). The last `=` splits, so workspace paths and names with `=` still work.
 */
export function parseKeyMetrics(text: string | undefined): Record<string, string[]> | undefined {
  const out: Record<string, string[]> = {};
  for (const entry of (text ?? '').split(';').map((s) => s.trim())) {
    if (entry === '') continue;
    const at = entry.lastIndexOf('=');
    const experiment = entry.slice(0, Math.max(0, at)).trim();
    const metrics = entry
      .slice(at + 1)
      .split(',')
      .map((m) => m.trim())
      .filter((m) => m !== '');
    if (at <= 0 || experiment === '' || metrics.length === 0) return undefined;
    out[experiment] = metrics;
  }
  return out;
}

/** Parses MLFLOW_METRIC_DIRECTIONS: `perplexity=lower,bleu=higher`. */
export function parseMetricDirections(
  text: string | undefined,
): Record<string, MetricDirection> | undefined {
  const out: Record<string, MetricDirection> = {};
  for (const entry of (text ?? '').split(',').map((s) => s.trim())) {
    if (entry === '') continue;
    const at = entry.lastIndexOf('=');
    const metric = entry.slice(0, Math.max(0, at)).trim();
    const direction = entry
      .slice(at + 1)
      .trim()
      .toLowerCase();
    if (at <= 0 || metric === '' || (direction !== 'lower' && direction !== 'higher')) {
      return undefined;
    }
    out[metric] = direction;
  }
  return out;
}
