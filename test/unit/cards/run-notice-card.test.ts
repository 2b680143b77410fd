import { describe, expect, it } from 'vitest';
import { buildRunNoticeCard, runChangeText } from '../../../src/cards/run-notice-card';
import { runNoticeMessages } from '../../../src/cards/run-notice-messages';
import { CARD_BYTE_LIMIT, checkCard } from '../../support/card-validator';
import { cardText } from '../../support/teams-activities';

const view = {
  runId: 'a'.repeat(32),
  name: 'nightly_train *v2*',
  status: 'FAILED' as const,
  experimentName: '/Users/alice@contoso.com/churn-model',
  endTime: Date.parse('2026-11-30T12:20:00Z'),
  durationMs: 20 * 60_000,
  user: 'alice@contoso.com',
  link: 'http://127.0.0.1:5000/#/experiments/1/runs/aaaa',
  metrics: [
    { key: 'rmse', value: 0.91234 },
    { key: 'mae', value: 0.5 },
    { key: 'r2', value: 0.7 },
    { key: 'loss', value: 1.5 },
    { key: 'accuracy', value: 0.8 },
  ],
};

describe('run notice card (the channel post of `subscribe runs`)', () => {
  it('is a valid, small card with a text status label, key metrics and two buttons', () => {
    const card = buildRunNoticeCard(view);
    const check = checkCard(card);
    expect(check.events).toEqual([]);
    expect(check.bytes).toBeLessThanOrEqual(CARD_BYTE_LIMIT);
    expect(check.bytes).toBeLessThan(2_500);
    const text = cardText(card);
    expect(text).toContain('✖ Failed');
    expect(text).toContain('nightly_train \\*v2\\*');
    expect(text).toContain('0.9123');
    expect(text).toContain('… and 1 more metrics');
    expect(card.actions?.map((a) => a.title)).toEqual(['Show run', 'Open in MLflow']);
    expect(card.actions?.[0]?.data).toMatchObject({ verb: 'runs.open', runId: view.runId });
  });

  it('describes a change in one short line each', () => {
    const text = runChangeText('nightly', {
      statusBefore: 'FINISHED',
      statusAfter: 'KILLED',
      tagsSet: [['reviewed', 'yes']],
      tagsRemoved: ['wip'],
      endTimeChanged: true,
    });
    expect(text).toBe(
      'Update on **nightly**:\n\n- Status: ✔ Finished → ■ Killed\n- Tag reviewed = yes\n- Tag wip removed',
    );
  });

  it('renders the notice with a summary and a change as a text reply (named by id when unnamed)', () => {
    expect(runNoticeMessages.notice(view)).toEqual({
      kind: 'card',
      card: buildRunNoticeCard(view),
      summary: 'Run nightly_train *v2* failed in /Users/alice@contoso.com/churn-model',
    });
    expect(runNoticeMessages.notice({ ...view, name: '' })).toMatchObject({
      summary: `Run ${view.runId} failed in /Users/alice@contoso.com/churn-model`,
    });
    const change = {
      statusBefore: 'FINISHED' as const,
      statusAfter: 'FINISHED' as const,
      tagsSet: [],
      tagsRemoved: ['wip'],
      endTimeChanged: false,
    };
    expect(runNoticeMessages.changed({ runId: 'r1', name: '' }, change)).toEqual({
      kind: 'text',
      text: 'Update on **r1**:\n\n- Tag wip removed',
    });
  });
});
