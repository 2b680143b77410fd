import { describe, expect, it } from 'vitest';
import { buildDriftAlertCard } from '../../../src/cards/drift-alert-card';
import { driftAlertMessages as say } from '../../../src/cards/drift-alert-messages';
import { buildDriftReportCard } from '../../../src/cards/drift-report-card';
import type { DriftSummary } from '../../../src/drift/drift-summary';
import type { DriftAlertView } from '../../../src/workflows/drift-monitor/drift-alert-renderer';
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

  it('report card names a binned feature and its resolution; an exact report says nothing', () => {
    const [latency, ...rest] = summary.report.columns;
    const binned: DriftSummary = {
      ...summary,
      report: {
        ...summary.report,
        columns: [{ ...latency!, bin_width: 10, binning: 'binned to 10 ms' }, ...rest],
      },
    };
    const card = buildDriftReportCard(binned);
    valid(card);
    expect(cardText(card)).toContain(
      'Whole windows counted; too many distinct values, so Latency (ms) binned to 10 ms (raise DRIFT_MAX_DISTINCT for finer bins).',
    );
    expect(cardText(buildDriftReportCard(summary))).not.toContain('binned');
    const fine = { ...binned.report.columns[0]!, bin_width: 0.5, binning: 'binned to 0.5 ms' };
    const french = buildDriftReportCard(
      { ...binned, report: { ...binned.report, columns: [fine, ...rest] } },
      'fr',
    );
    expect(cardText(french)).toContain('comptée par intervalles de 0,5 ms');
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

  it('alert message: the card with a summary that names the target and the state', () => {
    const open = say.alert(alert({ retrain: { runId: 1001, state: 'finished: SUCCESS' } }));
    expect(open).toMatchObject({ kind: 'card', summary: 'Drift alert: gpt-test' });
    if (open.kind === 'card') expect(cardText(open.card)).toContain('finished: success (run 1001)');
    const done = say.alert(alert({ status: 'resolved', resolvedAt: T + 2 * H }));
    expect(done).toMatchObject({ kind: 'card', summary: 'Drift resolved: gpt-test' });
  });

  it('thread replies and button answers say exactly what they said in the workflow', () => {
    const texts = [
      say.escalated(summary),
      say.resolved(summary),
      say.unsubscribed('gpt-test'),
      say.snoozed('Ona Call', 'gpt-test', 24),
      say.retrainNotConfigured(),
      say.retrainAlreadyRunning(1001),
      say.retrainNotStarted('Databricks says job 7 does not exist.'),
      say.retrainStarted('Ona Call', 42, 1001),
      say.retrainFinished({
        runId: 1001,
        succeeded: true,
        state: 'SUCCESS',
        runPageUrl: 'https://x/r',
      }),
      say.retrainFinished({ runId: 1001, succeeded: true, state: 'SUCCESS', runPageUrl: '' }),
      say.retrainFinished({ runId: 1002, succeeded: false, state: 'FAILED', stateMessage: 'Boom' }),
      say.retrainFinished({
        runId: 1003,
        succeeded: false,
        state: 'CANCELED',
        runPageUrl: 'https://x/r',
      }),
      say.gone(),
    ];
    expect(texts.map((r) => (r.kind === 'text' ? r.text : r.kind))).toEqual([
      'Drift on gpt-test got worse: 2 of 3 features now drift (67%): Latency (ms), Finish reason.',
      'Resolved: no dataset drift on gpt-test in the latest check (2 of 3 features drift).',
      'Resolved: subscription removed, so gpt-test is no longer checked here.',
      'Ona Call snoozed drift alerts for gpt-test for 24 h.',
      'Retraining is not configured: an operator must set DRIFT_RETRAIN_JOB_ID and the Databricks workspace variables.',
      'Retraining already runs for this incident (run 1001).',
      'Databricks says job 7 does not exist.',
      "Ona Call started retraining: Databricks job 42, run 1001. I'll report the result here.",
      'Retraining run 1001 succeeded. [Open the run](https://x/r) Check the new model, then watch the next drift checks.',
      'Retraining run 1001 succeeded. Check the new model, then watch the next drift checks.',
      'Retraining run 1002 ended: FAILED (Boom).',
      'Retraining run 1003 ended: CANCELED. [Open the run](https://x/r)',
      'This alert is no longer tracked (the subscription was removed). Run `drift` for a fresh report.',
    ]);
  });
});
