import { escapeMarkdown } from '../../../src/chat/escape-markdown';
import { describe, expect, it } from 'vitest';
import type { AdaptiveCard } from '../../../src/chat/adaptive-card';
import { buildRunCard, downsample, type RunView } from '../../../src/cards/run-card';
import { buildRunCompareCard, type RunCompareView } from '../../../src/cards/run-compare-card';
import {
  formatDuration,
  formatMetric,
  localTime,
  statusLabel,
} from '../../../src/cards/run-format';
import { buildRunsCard, type RunsView } from '../../../src/cards/runs-card';
import { CARD_BYTE_LIMIT, checkCard } from '../../support/card-validator';

const T = Date.UTC(2026, 10, 20, 9, 30);
const long = (n: number, c = 'x') => c.repeat(n);

function valid(card: AdaptiveCard): string {
  const check = checkCard(card);
  expect(check.events).toEqual([]);
  expect(check.bytes).toBeLessThanOrEqual(CARD_BYTE_LIMIT);
  return JSON.stringify(card);
}

const runsView: RunsView = {
  experimentId: '1',
  experimentName: 'churn-model',
  experimentLink: 'http://127.0.0.1:5000/#/experiments/1',
  filter: "metrics.rmse < 1 and params.model = 'xgb'",
  keyMetrics: ['rmse', 'accuracy'],
  rows: [
    {
      runId: 'a1',
      name: 'xgb-tuned',
      status: 'FINISHED',
      startTime: T,
      durationMs: 1_200_000,
      user: 'bob@contoso.com',
      metrics: { rmse: 0.5, accuracy: 0.85 },
    },
    {
      runId: 'a2',
      name: 'crashed',
      status: 'FAILED',
      startTime: T,
      durationMs: 5000,
      user: undefined,
      metrics: {},
    },
  ],
  page: 1,
  pageSize: 10,
  nextPageToken: 'tok',
};

function bigRunView(params: number, metrics: number): RunView {
  return {
    runId: 'f'.repeat(32),
    name: long(300, 'n'),
    status: 'FAILED',
    experimentName: `/Users/${long(200, 'e')}`,
    startTime: T,
    endTime: T + 3_600_000,
    durationMs: 3_600_000,
    user: 'alice@contoso.com',
    link: `https://adb-1.2.azuredatabricks.net/ml/experiments/1/runs/${'f'.repeat(32)}`,
    params: Array.from({ length: params }, (_, i) => ({
      key: `param_${i}_${long(240, 'k')}`,
      value: long(6000, 'v'),
    })),
    metrics: Array.from({ length: metrics }, (_, i) => ({
      key: `metric_${i}_${long(240, 'm')}`,
      value: i / 7,
      direction: 'lower' as const,
      best: { value: 0.001, runId: 'b'.repeat(32), runName: long(250, 'b') },
    })),
    tags: Array.from({ length: 200 }, (_, i) => ({ key: `tag_${i}`, value: long(8000, 't') })),
    history: {
      key: 'loss',
      points: Array.from({ length: 10_000 }, (_, step) => ({ step, value: 1 / (step + 1) })),
    },
    modelVersions: Array.from({ length: 30 }, (_, i) => ({
      name: long(200, 'r'),
      version: String(i + 1),
      status: 'READY',
      aliases: ['champion'],
    })),
    artifacts: Array.from({ length: 200 }, (_, i) => ({
      path: `${long(200, 'p')}_${i}`,
      isDir: i % 2 === 0,
      fileSize: 1024,
    })),
    compareWith: { runId: 'b'.repeat(32), metric: 'loss' },
  };
}

describe('run card formatting', () => {
  it('labels every status with a word, not colour alone', () => {
    expect(statusLabel('FAILED')).toContain('Failed');
    expect(statusLabel('KILLED')).toContain('Killed');
    expect(statusLabel('RUNNING')).toContain('Running');
    expect(statusLabel('FINISHED')).toContain('Finished');
    expect(statusLabel('SCHEDULED')).toContain('Scheduled');
  });

  it('formats durations, metrics and viewer-local times', () => {
    expect(formatDuration(5_000)).toBe('5s');
    expect(formatDuration(1_200_000)).toBe('20m 00s');
    expect(formatDuration(3_723_000)).toBe('1h 02m');
    expect(formatDuration(undefined)).toBe('—');
    expect(formatMetric(0.123456)).toBe('0.1235');
    expect(formatMetric(1234567)).toBe('1.235e+6');
    expect(formatMetric(NaN)).toBe('NaN');
    expect(localTime(T)).toBe(
      '{{DATE(2026-11-20T09:30:00Z, SHORT)}} {{TIME(2026-11-20T09:30:00Z)}}',
    );
  });

  it('keeps user text from becoming markdown or a date expression', () => {
    expect(escapeMarkdown('a*b_c[d]')).toBe('a\\*b_c\\[d\\]');
    expect(escapeMarkdown('{{DATE(x)}}')).not.toContain('{{');
  });

  it('downsamples a long history to evenly spaced points, keeping both ends', () => {
    const pts = Array.from({ length: 1000 }, (_, i) => i);
    const few = downsample(pts, 60);
    expect(few).toHaveLength(60);
    expect(few[0]).toBe(0);
    expect(few[59]).toBe(999);
    expect(downsample([1, 2, 3], 60)).toEqual([1, 2, 3]);
  });
});

describe('runs card', () => {
  it('is valid, shows status words, local times and a More action with the page token', () => {
    const json = valid(buildRunsCard(runsView));
    expect(json).toContain('✔ Finished');
    expect(json).toContain('✖ Failed');
    expect(json).toContain('{{DATE(2026-11-20T09:30:00Z, COMPACT)}}');
    expect(json).toContain('rmse **0.5**');
    expect(json).toContain('"verb":"runs.more"');
    expect(json).toContain('"pageToken":"tok"');
  });

  it('says when nothing matches and offers no More on the last page', () => {
    const json = valid(buildRunsCard({ ...runsView, rows: [], nextPageToken: undefined }));
    expect(json).toContain('No run matches this filter.');
    expect(json).not.toContain('runs.more');
  });

  it('matches the snapshot', () => {
    expect(buildRunsCard(runsView)).toMatchSnapshot();
  });
});

describe('run card', () => {
  it('fits 28 KB with 300 params, 100 metrics and huge values, saying how many are hidden', () => {
    const card = buildRunCard(bigRunView(300, 100));
    const json = valid(card);
    expect(json).toMatch(/and \d+ more/);
    expect(json).toContain('Chart.Line');
    expect(json).toContain('Compare with best');
  });

  it('shows deltas vs the best run, "best" for the best itself, and no compare button then', () => {
    const view: RunView = {
      ...bigRunView(2, 0),
      metrics: [
        {
          key: 'rmse',
          value: 0.5,
          direction: 'lower',
          best: { value: 0.5, runId: 'x', runName: 'me' },
        },
        {
          key: 'acc',
          value: 0.8,
          direction: 'higher',
          best: { value: 0.85, runId: 'y', runName: 'top' },
        },
        { key: 'other', value: 3, direction: 'higher', best: undefined },
      ],
      compareWith: undefined,
    };
    const json = valid(buildRunCard(view));
    expect(json).toContain('0.5 · best');
    expect(json).toContain('0.8 · −0.05 vs best 0.85 (top; higher is better)');
    expect(json).not.toContain('Compare with best');
  });

  it('renders an empty run without history', () => {
    const view: RunView = {
      ...bigRunView(0, 0),
      tags: [],
      history: undefined,
      modelVersions: [],
      artifacts: [],
      compareWith: undefined,
    };
    const json = valid(buildRunCard(view));
    expect(json).toContain('No metrics logged.');
    expect(json).not.toContain('Chart.Line');
  });
});

describe('run compare card', () => {
  const view: RunCompareView = {
    a: { runId: 'a', name: 'baseline', status: 'FINISHED', link: 'http://x/#/a' },
    b: { runId: 'b', name: 'xgb', status: 'FAILED', link: 'http://x/#/b' },
    paramDiffs: [
      { key: 'model', a: 'linear', b: 'xgb' },
      { key: 'max_depth', a: undefined, b: '6' },
    ],
    sameParams: 1,
    metrics: [
      { key: 'rmse', a: 0.9, b: 0.5, direction: 'lower' },
      { key: 'accuracy', a: 0.7, b: 0.85, direction: 'higher' },
      { key: 'only_a', a: 1, b: undefined, direction: 'higher' },
    ],
  };

  it('shows differing params and deltas with which side is better', () => {
    const json = valid(buildRunCompareCard(view));
    expect(json).toContain('−0.4 (B better)');
    expect(json).toContain('+0.15 (B better)');
    expect(json).toContain('2; 1 identical');
  });

  it('fits 28 KB with 300 differing params and 100 metrics', () => {
    const json = valid(
      buildRunCompareCard({
        ...view,
        paramDiffs: Array.from({ length: 300 }, (_, i) => ({
          key: `p${i}${long(200)}`,
          a: long(6000, 'a'),
          b: long(6000, 'b'),
        })),
        metrics: Array.from({ length: 100 }, (_, i) => ({
          key: `m${i}${long(200)}`,
          a: i,
          b: i * 2,
          direction: 'higher' as const,
        })),
      }),
    );
    expect(json).toMatch(/and \d+ more/);
  });

  it('matches the snapshot', () => {
    expect(buildRunCompareCard(view)).toMatchSnapshot();
  });
});
