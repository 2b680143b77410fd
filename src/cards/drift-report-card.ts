import type { DriftSummary } from '../drift/drift-summary';
import { mostDrifted } from '../drift/drift-summary';
import { card, facts, heading, text } from './card';
import { type AdaptiveCard, type CardElement } from '../chat/adaptive-card';
import { translator, type Lang } from '../chat/i18n';
import {
  binningNote,
  chartElement,
  datasetVerdict,
  featureText,
  sourceText,
  insufficient,
  scoreText,
  verdictLabel,
  windowText,
} from './drift-format';

/** `attention` marks the verdict cell of a drifted feature (a text label too, never colour alone). */
const row = (cells: [string, string, string], header = false, attention = false): CardElement => ({
  type: 'ColumnSet',
  spacing: 'Small',
  columns: cells.map((value, i) => ({
    type: 'Column',
    width: i === 0 ? 'stretch' : i === 1 ? 'stretch' : 'auto',
    items: [
      text(value, {
        size: 'Small',
        ...(header ? { weight: 'Bolder', isSubtle: true } : {}),
        ...(i === 2 && attention ? { weight: 'Bolder', color: 'Attention' } : {}),
      }),
    ],
  })),
});

/**
 * `drift [target]`: the dataset verdict, one row per feature (test, score vs threshold, a
 * text verdict), the window sizes, and a small chart of the most drifted feature.
 */
export function buildDriftReportCard(s: DriftSummary, lang: Lang = 'en'): AdaptiveCard {
  const t = translator(lang);
  const r = s.report;
  const top = mostDrifted(r);
  const body: CardElement[] = [
    heading(t('drift.reportTitle', { target: s.target })),
    text(datasetVerdict(s, lang), {
      weight: 'Bolder',
      ...(r.dataset_drift ? { color: 'Attention' } : {}),
    }),
    facts([
      [t('drift.current'), windowText(s.current, lang)],
      [t('drift.reference'), windowText(s.reference, lang)],
      [t('drift.source'), sourceText(s.source, lang)],
    ]),
    row([t('drift.columnFeature'), t('drift.columnTest'), t('drift.columnVerdict')], true),
    ...r.columns.map((c) =>
      row(
        [featureText(c.name, lang), scoreText(c, lang), verdictLabel(c, lang)],
        false,
        c.drifted === true,
      ),
    ),
  ];
  const missing = insufficient(s, lang);
  if (missing.length > 0) {
    body.push(
      text(t('drift.insufficient', { list: missing.join(', ') }), {
        size: 'Small',
        isSubtle: true,
      }),
    );
  }
  const binned = binningNote(s, lang);
  if (binned) body.push(text(binned, { size: 'Small', isSubtle: true }));
  if (top && s.chart) {
    body.push(
      text(t('drift.mostDrifted', { name: featureText(top.name, lang) }), {
        weight: 'Bolder',
        spacing: 'Medium',
      }),
    );
    body.push(chartElement(s.chart, lang));
  }
  return card(body);
}
