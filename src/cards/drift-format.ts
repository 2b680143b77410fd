// Shared wording for drift cards: short lines that read the same on a phone.

import type { ColumnDriftResult } from '../drift/column-drift';
import type { DistributionChart, DriftSummary, WindowInfo } from '../drift/drift-summary';
import { featureLabel } from '../drift/drift-summary';
import { formatDriftNumber } from '../drift/format-drift-table';
import { STATTESTS } from '../drift/stattest-registry';
import type { CardElement } from '../chat/adaptive-card';
import { translator, type Lang, type MessageKey } from '../chat/i18n';
import { en } from '../chat/messages/catalogues';
import { decimalMark, formatNumber, formatPercent } from '../chat/locale-format';

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

/**
 * French month abbreviations as Intl writes them ("nov."), in UTC. Built on first use: loading
 * the French locale data cost every start about 30 ms, before any card needed it.
 */
let frenchDayMonth: Intl.DateTimeFormat | undefined;
const frenchDayMonthFormat = () =>
  (frenchDayMonth ??= new Intl.DateTimeFormat('fr-FR', {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  }));

/**
 * `30 Nov 14:05` / `30 nov. 14:05` in UTC (cards are shared by people in many zones; UTC is
 * said once). English keeps its own month table: Intl's en-GB writes "Sept".
 */
export function shortTime(ms: number, lang: Lang = 'en'): string {
  const d = new Date(ms);
  const day =
    lang === 'fr'
      ? frenchDayMonthFormat().format(d)
      : `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
  return `${day} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** A feature's label in the reader's language (a column the catalogue does not name keeps its own). */
export function featureText(name: string, lang: Lang = 'en'): string {
  return name in en.drift.feature
    ? translator(lang)(`drift.feature.${name}` as MessageKey)
    : featureLabel(name);
}

/** A window source's name: the bot's own log is named in the reader's language, a table by itself. */
export function sourceText(name: string, lang: Lang = 'en'): string {
  return name in en.drift.sourceName
    ? translator(lang)(`drift.sourceName.${name}` as MessageKey)
    : name;
}

export function windowText(w: WindowInfo, lang: Lang = 'en'): string {
  const t = translator(lang);
  const n = `${t('drift.calls', { count: w.n, n: formatNumber(w.n, lang) })}${w.truncated ? t('drift.capped') : ''}`;
  return `${shortTime(w.from, lang)} – ${shortTime(w.to, lang)} UTC · ${n}`;
}

/** A drift statistic in the reader's decimal mark ("0.0012" / "0,0012"). */
const driftNumber = (x: number | null | string, lang: Lang) =>
  (typeof x === 'string' ? x : formatDriftNumber(x)).replace('.', decimalMark(lang));

/** `K-S p = 0.0012 (< 0.05)` or `Wasserstein 0.31 (≥ 0.1)`: score vs threshold. */
export function scoreText(c: ColumnDriftResult, lang: Lang = 'en'): string {
  if (c.test === null || c.score === null || c.threshold === null)
    return translator(lang)('drift.noDataInWindow');
  const name = TEST_NAMES[c.test] ?? c.test;
  const isP = STATTESTS[c.test].kind === 'p_value';
  const cmp = isP ? (c.drifted ? '<' : '≥') : c.drifted ? '≥' : '<';
  // A p-value of 1e-70 reads as noise on a phone; below 0.0001 the exact value changes nothing.
  const score =
    isP && c.score < 1e-4
      ? `p < ${driftNumber('0.0001', lang)}`
      : `${isP ? 'p = ' : ''}${driftNumber(c.score, lang)}`;
  return `${name} ${score} (${cmp} ${driftNumber(c.threshold, lang)})`;
}

/** A text label, never colour alone. */
export const verdictLabel = (c: ColumnDriftResult, lang: Lang = 'en'): string =>
  translator(lang)(
    c.drifted === null
      ? 'drift.verdictNoData'
      : c.drifted
        ? 'drift.verdictDrifted'
        : 'drift.verdictOk',
  );

/** The share of drifted features as a whole percentage ("12%" / "12 %"). */
export const sharePercent = (s: DriftSummary, lang: Lang = 'en'): string =>
  formatPercent(s.report.share, lang, 0);

export function datasetVerdict(s: DriftSummary, lang: Lang = 'en'): string {
  const r = s.report;
  const t = translator(lang);
  if (r.tested_columns === 0) return t('drift.noVerdict');
  return t(r.dataset_drift ? 'drift.datasetDrift' : 'drift.noDatasetDrift', {
    count: r.drifted_columns,
    tested: r.tested_columns,
    pct: sharePercent(s, lang),
  });
}

export const insufficient = (s: DriftSummary, lang: Lang = 'en'): string[] =>
  s.report.columns.filter((c) => c.drifted === null).map((c) => featureText(c.name, lang));

/**
 * The engine's `binned to 10 ms` (src/drift stays free of catalogues) in the reader's language;
 * a text of another shape is shown as written.
 */
function binningText(binning: string, lang: Lang): string {
  const m = /^binned to (\d+(?:\.\d+)?(?:e[-+]?\d+)?)( .+)?$/.exec(binning);
  if (!m) return binning;
  const width = (m[1] ?? '').replace('.', decimalMark(lang));
  return translator(lang)('driftDetail.binnedTo', { width, unit: m[2] ?? '' });
}

/**
 * Features the source binned because a window had more distinct values than DRIFT_MAX_DISTINCT:
 * the verdict is exact at that resolution, and the reader is told so (never silent sampling).
 */
export function binningNote(s: DriftSummary, lang: Lang = 'en'): string | undefined {
  const binned = s.report.columns
    .filter((c) => c.binning !== undefined)
    .map((c) => `${featureText(c.name, lang)} ${binningText(c.binning ?? '', lang)}`);
  if (binned.length === 0) return undefined;
  return translator(lang)('drift.binning', { list: binned.join(', ') });
}

/** A two-series line chart (Teams only) with a one-line text fallback for other clients. */
export function chartElement(chart: DistributionChart, lang: Lang = 'en'): CardElement {
  const t = translator(lang);
  const label = featureText(chart.feature, lang);
  const series = (legend: string, values: readonly number[]) => ({
    legend,
    values: chart.bins.map((x, i) => ({ x, y: values[i] ?? 0 })),
  });
  const peak = (v: readonly number[]) => chart.bins[v.indexOf(Math.max(...v))] ?? '-';
  return {
    type: 'Chart.Line',
    title: t('drift.chartTitle', { label }),
    data: [
      series(t('drift.reference'), chart.reference),
      series(t('drift.current'), chart.current),
    ],
    fallback: {
      type: 'TextBlock',
      text: t('drift.chartFallback', {
        label,
        before: peak(chart.reference),
        now: peak(chart.current),
      }),
      wrap: true,
      size: 'Small',
    },
  };
}
