import { describe, expect, it } from 'vitest';
import { buildDriftAlertCard, type DriftAlertView } from '../../../src/cards/drift-alert-card';
import { buildDriftReportCard } from '../../../src/cards/drift-report-card';
import type { DriftSummary } from '../../../src/drift/drift-summary';
import { cardText } from '../../support/bot-harness';
import { CARD_BYTE_LIMIT, checkCard } from '../../support/card-validator';

const T = Date.parse('2026-11-30T12:00:00Z');
const H = 3_600_000;

const summary: DriftSummary = {
  target: 'gpt-test',
  source: 'bot inference log',
  at: T,
  current: { from: T - H, to: T, n: 240, truncated: false },
  reference: { from: T - 2 * H, to: T - H, n: 10_000, truncated: true },
  report: {
    columns: [
      {
        name: 'latency_ms',
        type: 'numerical',
        test: 'ks',
        score: 1.2e-9,
        threshold: 0.05,
        drifted: true,
        n_reference: 10_000,
        n_current: 240,
      },
      {
        name: 'completion_tokens',
        type: 'numerical',
        test: 'ks',
        score: 0.31,
        threshold: 0.05,
        drifted: false,
        n_reference: 10_000,
        n_current: 240,
      },
      {
        name: 'finish_reason',
        type: 'categorical',
        test: 'jensenshannon',
        score: 0.22,
        threshold: 0.1,
        drifted: true,
        n_reference: 10_000,
        n_current: 240,
      },
      {
        name: 'response_chars',
        type: 'numerical',
        test: null,
        score: null,
        threshold: null,
        drifted: null,
        n_reference: 0,
        n_current: 240,
        error: 'insufficient data',
      },
    ],
    drifted_columns: 2,
    tested_columns: 3,
    share: 2 / 3,
    dataset_drift: true,
  },
  chart: {
    feature: 'latency_ms',
    label: 'Latency (ms)',
    bins: ['320', '560', '800', '1k'],
    reference: [0.5, 0.4, 0.1, 0],
    current: [0, 0.1, 0.3, 0.6],
  },
};

const alert = (o: Partial<DriftAlertView> = {}): DriftAlertView => ({
  incidentId: 'abc-1',
  status: 'open',
  summary,
  openedAt: T,
  checks: 3,
  retrainAvailable: true,
  now: T + 1_000,
  ...o,
});

function valid(card: Record<string, unknown>): void {
  const check = checkCard(card);
  expect(check.events).toEqual([]);
  expect(check.bytes).toBeLessThanOrEqual(CARD_BYTE_LIMIT);
}

describe('drift cards', () => {
  it('report card: verdict, one row per feature with a text verdict, insufficient data named', () => {
    const card = buildDriftReportCard(summary);
    valid(card);
    const text = cardText(card);
    expect(text).toContain('Dataset drift: 2 of 3 features drifted (67%).');
    expect(text).toContain('K-S p < 0.0001 (< 0.05)');
    expect(text).toContain('Jensen-Shannon 0.22 (≥ 0.1)');
    expect(text).toMatch(/Latency \(ms\)\nK-S p < 0\.0001 \(< 0\.05\)\nDRIFTED/);
    expect(text).toMatch(/Completion tokens\nK-S p = 0\.31 \(≥ 0\.05\)\nOK/);
    expect(text).toContain('Insufficient data (not tested): Response length.');
    expect(text).toContain('10,000 calls (capped)');
    const chart = card.body.find((e) => e.type === 'Chart.Line') as Record<string, unknown>;
    expect((chart.fallback as { text: string }).text).toBe(
      'Latency (ms): most calls at 320 before, 1k now.',
    );
  });

  it('alert card: what drifted vs thresholds, windows, owner mention, next steps, four buttons', () => {
    const card = buildDriftAlertCard(alert({ owner: { id: 'aad-1', name: 'Ops Four' } }));
    valid(card);
    const text = cardText(card);
    expect(text).toContain('Drift alert: gpt-test');
    expect(text).not.toContain('Completion tokens'); // only what drifted
    expect(text).toContain('<at>Ops Four</at>');
    expect(text).toContain('Next: run "drift gpt-test" for the full report');
    expect((card.actions ?? []).map((a) => a.title)).toEqual([
      'Acknowledge',
      'Snooze 1h',
      'Snooze 24h',
      'Start retraining',
    ]);
    expect(card.actions?.[0]).toMatchObject({
      type: 'Action.Execute',
      fallback: { type: 'Action.Submit', data: { verb: 'drift.ack', incidentId: 'abc-1' } },
    });
    expect(card.msteams).toEqual({
      entities: [
        {
          type: 'mention',
          text: '<at>Ops Four</at>',
          mentioned: { id: 'aad-1', name: 'Ops Four' },
        },
      ],
    });
  });

  it('acknowledged, snoozed and retraining states are shown as text and drop spent buttons', () => {
    const card = buildDriftAlertCard(
      alert({
        acknowledgedBy: 'Ona Call',
        acknowledgedAt: T + 60_000,
        snoozedUntil: T + 2 * H,
        retrain: { runId: 1001, state: 'running' },
      }),
    );
    valid(card);
    const text = cardText(card);
    expect(text).toContain('Ona Call, 30 Nov 12:01 UTC');
    expect(text).toContain('until 30 Nov 14:00 UTC');
    expect(text).toContain('running (run 1001)');
    expect((card.actions ?? []).map((a) => a.title)).toEqual(['Snooze 1h', 'Snooze 24h']);
  });

  it('resolved card says so and has no buttons', () => {
    const card = buildDriftAlertCard(alert({ status: 'resolved', resolvedAt: T + 2 * H }));
    valid(card);
    expect(cardText(card)).toMatch(
      /^Resolved: drift on gpt-test\nBack to normal at 30 Nov 14:00 UTC\./,
    );
    expect(card.actions).toBeUndefined();
  });
});
