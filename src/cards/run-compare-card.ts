import { escapeMarkdown } from '../chat/escape-markdown';
import { card, heading, text } from './card';
import { type AdaptiveCard, type CardElement } from '../chat/adaptive-card';
import { translator, type Lang, type Translate } from '../chat/i18n';
import {
  clip,
  DEFAULT_LOCALE,
  fitCard,
  formatDelta,
  formatMetric,
  scaled,
  statusLabel,
  type RunStatusName,
} from './run-format';

/** One of the two compared runs. */
export interface CompareSide {
  runId: string;
  name: string;
  status: RunStatusName;
  link: string;
}

/** The comparison, precomputed by the dialog so the builder stays pure. */
export interface RunCompareView {
  a: CompareSide;
  b: CompareSide;
  /** Only params whose values differ (or exist on one side only). */
  paramDiffs: { key: string; a: string | undefined; b: string | undefined }[];
  sameParams: number;
  metrics: {
    key: string;
    a: number | undefined;
    b: number | undefined;
    direction: 'lower' | 'higher';
  }[];
  /** BCP 47 tag of the reader for numbers; English if absent. */
  locale?: string;
  /** The reader's language for the card's words; English when not given. */
  lang?: Lang;
}

const cell = (value: string, extra: Record<string, unknown> = {}) => ({
  type: 'TableCell',
  items: [text(value, { size: 'Small', ...extra })],
});

function table(header: string[], rows: string[][]): CardElement {
  return {
    type: 'Table',
    gridStyle: 'default',
    firstRowAsHeaders: true,
    showGridLines: false,
    columns: header.map((_, i) => ({ width: i === 0 ? 3 : 2 })),
    rows: [
      { type: 'TableRow', cells: header.map((h) => cell(h, { weight: 'Bolder' })) },
      ...rows.map((r) => ({ type: 'TableRow', cells: r.map((v) => cell(v)) })),
    ],
  };
}

function verdict(m: RunCompareView['metrics'][number], locale: string, t: Translate): string {
  if (m.a === undefined || m.b === undefined) return '—';
  const d = m.b - m.a;
  if (d === 0) return '±0';
  const bBetter = m.direction === 'lower' ? d < 0 : d > 0;
  return t(bBetter ? 'runs.compare.bBetter' : 'runs.compare.aBetter', {
    delta: formatDelta(d, locale),
  });
}

function moreLine(hidden: number, t: Translate): CardElement[] {
  return hidden > 0
    ? [text(t('runs.card.more', { count: hidden }), { isSubtle: true, spacing: 'None' })]
    : [];
}

/** Two runs side by side: params that differ and metrics with B − A and which is better. */
export function buildRunCompareCard(view: RunCompareView): AdaptiveCard {
  const lang = view.lang ?? 'en';
  const locale = view.locale ?? DEFAULT_LOCALE;
  const t = translator(lang);
  return fitCard((scale) => {
    const side = (label: string, s: CompareSide) =>
      text(
        `**${label}** [${escapeMarkdown(clip(s.name || s.runId, 80))}](${s.link}) · ${statusLabel(s.status, lang)}`,
        { spacing: 'None' },
      );
    const body: CardElement[] = [
      heading(t('runs.compare.title')),
      side('A', view.a),
      side('B', view.b),
    ];
    const metricLimit = scaled(30, scale);
    body.push(text(t('runs.compare.metrics'), { separator: true }));
    if (view.metrics.length === 0) body.push(text(t('runs.compare.noMetrics'), { isSubtle: true }));
    else {
      body.push(
        table(
          [t('runs.compare.metric'), 'A', 'B', 'Δ'],
          view.metrics
            .slice(0, metricLimit)
            .map((m) => [
              escapeMarkdown(clip(m.key, 50)),
              formatMetric(m.a, locale),
              formatMetric(m.b, locale),
              verdict(m, locale, t),
            ]),
        ),
        ...moreLine(view.metrics.length - metricLimit, t),
      );
    }
    const paramLimit = scaled(30, scale);
    body.push(
      text(t('runs.compare.params', { count: view.paramDiffs.length, same: view.sameParams }), {
        separator: true,
      }),
    );
    if (view.paramDiffs.length === 0)
      body.push(text(t('runs.compare.allSame'), { isSubtle: true }));
    else {
      body.push(
        table(
          [t('runs.compare.param'), 'A', 'B'],
          view.paramDiffs
            .slice(0, paramLimit)
            .map((p) => [
              escapeMarkdown(clip(p.key, 50)),
              p.a === undefined ? '—' : escapeMarkdown(clip(p.a, 80)),
              p.b === undefined ? '—' : escapeMarkdown(clip(p.b, 80)),
            ]),
        ),
        ...moreLine(view.paramDiffs.length - paramLimit, t),
      );
    }
    return card(body, [
      { type: 'Action.OpenUrl', title: t('runs.compare.openA'), url: view.a.link },
      { type: 'Action.OpenUrl', title: t('runs.compare.openB'), url: view.b.link },
    ]);
  });
}
