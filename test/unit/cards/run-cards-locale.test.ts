import { describe, expect, it } from 'vitest';
import type { AdaptiveCard } from '../../../src/chat/adaptive-card';
import { buildRunCard, type RunView } from '../../../src/cards/run-card';
import { buildRunsCard, type RunsView } from '../../../src/cards/runs-card';
import { CARD_BYTE_LIMIT, checkCard } from '../../support/card-validator';

const T = Date.UTC(2026, 11, 6, 19, 0);
const NNBSP = '\u202f';

function valid(card: AdaptiveCard): string {
  const check = checkCard(card);
  expect(check.events).toEqual([]);
  expect(check.bytes).toBeLessThanOrEqual(CARD_BYTE_LIMIT);
  return JSON.stringify(card);
}

const runView = (locale?: string): RunView => ({
  runId: 'f'.repeat(32),
  name: 'xgb-tuned',
  status: 'FINISHED',
  experimentName: 'churn-model',
  startTime: T,
  endTime: T + 3_780_000,
  durationMs: 3_780_000,
  user: 'bob@contoso.com',
  link: 'http://127.0.0.1:5000/#/experiments/1/runs/f',
  params: [],
  metrics: [
    {
      key: 'rmse',
      value: 0.123456,
      direction: 'lower',
      best: { value: 0.1, runId: 'b', runName: 'top' },
    },
  ],
  tags: [],
  history: { key: 'loss', points: [0.9, 0.45].map((value, step) => ({ step, value })) },
  modelVersions: [],
  artifacts: [{ path: 'model.pkl', isDir: false, fileSize: 1_500_000 }],
  compareWith: undefined,
  ...(locale ? { locale } : {}),
});

const runsView = (locale?: string): RunsView => ({
  experimentId: '1',
  experimentName: 'churn-model',
  experimentLink: 'http://127.0.0.1:5000/#/experiments/1',
  filter: undefined,
  keyMetrics: ['rmse'],
  rows: [
    {
      runId: 'a1',
      name: 'xgb-tuned',
      status: 'FINISHED',
      startTime: T,
      durationMs: 125_000,
      user: undefined,
      metrics: { rmse: 12.5 },
    },
  ],
  page: 1,
  pageSize: 10,
  nextPageToken: undefined,
  ...(locale ? { locale } : {}),
});

describe('run cards in the reader locale', () => {
  it('write French numbers, durations and sizes, and leave dates to the client', () => {
    const json = valid(buildRunCard(runView('fr-FR')));
    expect(json).toContain('0,1235 · +0,02346 vs best 0,1 (top; lower is better)');
    expect(json).toContain('"1h 3min"');
    expect(json).toContain(`model.pkl (1,5${NNBSP}Mo)`);
    expect(json).toContain('loss: 0,9 at step 0 → 0,45 at step 1');
    expect(json).toContain('{{DATE(2026-12-06T19:00:00Z, SHORT)}} {{TIME(2026-12-06T19:00:00Z)}}');
  });

  it('keep the English card exactly as without a locale', () => {
    const english = valid(buildRunCard(runView('en-US')));
    expect(english).toBe(valid(buildRunCard(runView())));
    expect(english).toContain('0.1235 · +0.02346 vs best 0.1');
    expect(english).toContain('"1h 03m"');
    expect(english).toContain('model.pkl (1500000 B)');
  });

  it('list runs with French metrics and durations, dates still client-localised', () => {
    const fr = valid(buildRunsCard(runsView('fr-FR')));
    expect(fr).toContain('rmse **12,5**');
    expect(valid(buildRunsCard(runsView('fr-CA')))).toContain('rmse **12,5**');
    expect(fr).toContain(
      '{{DATE(2026-12-06T19:00:00Z, COMPACT)}} {{TIME(2026-12-06T19:00:00Z)}} · 2min 5s',
    );
    const en = valid(buildRunsCard(runsView('en-GB')));
    expect(en).toBe(valid(buildRunsCard(runsView())));
    expect(en).toContain('rmse **12.5**');
    expect(en).toContain('· 2m 05s');
  });
});
