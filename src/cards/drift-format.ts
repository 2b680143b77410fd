// Shared wording for drift cards: short lines that read the same on a phone.

import type { ColumnDriftResult } from '../drift/column-drift';
import type { DistributionChart, DriftSummary, WindowInfo } from '../drift/drift-summary';
import { featureLabel } from '../drift/drift-summary';
import { formatDriftNumber } from '../drift/format-drift-table';
import { STATTESTS } from '../drift/stattest-registry';
import type { CardElement } from '../chat/adaptive-card';

const TEST_NAMES: Record<string, string> = {
  ks: 'K-S',
  chisquare: 'chi²',
  z: 'Z',
  wasserstein: 'Wasserstein',
  jensenshannon: 'Jensen-Shannon',
  psi: 'PSI',
  kl_div: 'KL',
};

const pad = (n: number) => String(n).padStart(2, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `30 Nov 14:05` in UTC (cards are shared by people in many zones; UTC is said once). */
export function shortTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

export function windowText(w: WindowInfo): string {
  const n = `${w.n.toLocaleString('en-US')} calls${w.truncated ? ' (capped)' : ''}`;
  return `${shortTime(w.from)} – ${shortTime(w.to)} UTC · ${n}`;
}

/** `K-S p = 0.0012 (< 0.05)` or `Wasserstein 0.31 (≥ 0.1)`: score vs threshold. */
export function scoreText(c: ColumnDriftResult): string {
  if (c.test === null || c.score === null || c.threshold === null) return 'no data in a window';
  const name = TEST_NAMES[c.test] ?? c.test;
  const isP = STATTESTS[c.test].kind === 'p_value';
  const cmp = isP ? (c.drifted ? '<' : '≥') : c.drifted ? '≥' : '<';
  // A p-value of 1e-70 reads as noise on a phone; below 0.0001 the exact value changes nothing.
  const score =
    isP && c.score < 1e-4 ? 'p < 0.0001' : `${isP ? 'p = ' : ''}${formatDriftNumber(c.score)}`;
  return `${name} ${score} (${cmp} ${formatDriftNumber(c.threshold)})`;
}

/** A text label, never colour alone. */
export const verdictLabel = (c: ColumnDriftResult): string =>
  c.drifted === null ? 'No data' : c.drifted ? 'DRIFTED' : 'OK';

export function datasetVerdict(s: DriftSummary): string {
  const r = s.report;
  const pct = Math.round(r.share * 100);
  if (r.tested_columns === 0) return 'No verdict: a window has no data.';
  return `${r.dataset_drift ? 'Dataset drift' : 'No dataset drift'}: ${r.drifted_columns} of ${r.tested_columns} features drifted (${pct}%).`;
}

export const insufficient = (s: DriftSummary): string[] =>
  s.report.columns.filter((c) => c.drifted === null).map((c) => featureLabel(c.name));

/**
 * Features the source binned because a window had more distinct values than DRIFT_MAX_DISTINCT:
 * the verdict is exact at that resolution, and the reader is told so (never silent sampling).
 */
export function binningNote(s: DriftSummary): string | undefined {
  const binned = s.report.columns
    .filter((c) => c.binning !== undefined)
    .map((c) => `${featureLabel(c.name)} ${c.binning}`);
  if (binned.length === 0) return undefined;
  return `Whole windows counted; too many distinct values, so ${binned.join(', ')} (raise DRIFT_MAX_DISTINCT for finer bins).`;
}

/** A two-series line chart (Teams only) with a one-line text fallback for other clients. */
export function chartElement(chart: DistributionChart): CardElement {
  const series = (legend: string, values: readonly number[]) => ({
    legend,
    values: chart.bins.map((x, i) => ({ x, y: values[i] ?? 0 })),
  });
  const peak = (v: readonly number[]) => chart.bins[v.indexOf(Math.max(...v))] ?? '-';
  return {
    type: 'Chart.Line',
    title: `${chart.label}: share of calls`,
    data: [series('Reference', chart.reference), series('Current', chart.current)],
    fallback: {
      type: 'TextBlock',
      text: `${chart.label}: most calls at ${peak(chart.reference)} before, ${peak(chart.current)} now.`,
      wrap: true,
      size: 'Small',
    },
  };
}
