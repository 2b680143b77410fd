import type { DriftSummary } from '../drift/drift-summary';
import { featureLabel, mostDrifted } from '../drift/drift-summary';
import { card, facts, heading, text } from './card';
import { type AdaptiveCard, type CardElement } from '../chat/adaptive-card';
import {
  binningNote,
  chartElement,
  datasetVerdict,
  insufficient,
  scoreText,
  verdictLabel,
  windowText,
} from './drift-format';

const row = (cells: [string, string, string], header = false): CardElement => ({
  type: 'ColumnSet',
  spacing: 'Small',
  columns: cells.map((value, i) => ({
    type: 'Column',
    width: i === 0 ? 'stretch' : i === 1 ? 'stretch' : 'auto',
    items: [
      text(value, {
        size: 'Small',
        ...(header ? { weight: 'Bolder', isSubtle: true } : {}),
        ...(i === 2 && value === 'DRIFTED' ? { weight: 'Bolder', color: 'Attention' } : {}),
      }),
    ],
  })),
});

/**
 * `drift [target]`: the dataset verdict, one row per feature (test, score vs threshold, a
 * text verdict), the window sizes, and a small chart of the most drifted feature.
 */
export function buildDriftReportCard(s: DriftSummary): AdaptiveCard {
  const r = s.report;
  const top = mostDrifted(r);
  const body: CardElement[] = [
    heading(`Drift report: ${s.target}`),
    text(datasetVerdict(s), {
      weight: 'Bolder',
      ...(r.dataset_drift ? { color: 'Attention' } : {}),
    }),
    facts([
      ['Current', windowText(s.current)],
      ['Reference', windowText(s.reference)],
      ['Source', s.source],
    ]),
    row(['Feature', 'Test and score', 'Verdict'], true),
    ...r.columns.map((c) => row([featureLabel(c.name), scoreText(c), verdictLabel(c)])),
  ];
  const missing = insufficient(s);
  if (missing.length > 0) {
    body.push(
      text(`Insufficient data (not tested): ${missing.join(', ')}.`, {
        size: 'Small',
        isSubtle: true,
      }),
    );
  }
  const binned = binningNote(s);
  if (binned) body.push(text(binned, { size: 'Small', isSubtle: true }));
  if (top && s.chart) {
    body.push(
      text(`Most drifted: ${featureLabel(top.name)}`, { weight: 'Bolder', spacing: 'Medium' }),
    );
    body.push(chartElement(s.chart));
  }
  return card(body);
}
