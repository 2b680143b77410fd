import { describe, expect, it } from 'vitest';
import { scheduleText } from '../../../../src/workflows/subscriptions/schedule-text';
import {
  describeSubscription,
  type SubscriptionKind,
} from '../../../../src/workflows/subscriptions/subscription-kinds';
import type { Subscription } from '../../../../src/workflows/subscriptions/subscription-repository';

const at = (cron: string, timezone = 'UTC') => scheduleText({ cron, timezone });

describe('scheduleText', () => {
  it('says common schedules in words', () => {
    expect(at('0 * * * *')).toBe('every hour');
    expect(at('* * * * *')).toBe('every minute');
    expect(at('*/5 * * * *', 'Europe/Berlin')).toBe('every 5 minutes');
    expect(at('*/2 * * * * *')).toBe('every 2 seconds');
    expect(at('0 */6 * * *', 'Europe/Berlin')).toBe('every 6 hours (Europe/Berlin)');
    expect(at('30 9 * * *', 'Europe/Berlin')).toBe('daily at 09:30 (Europe/Berlin)');
    expect(at('0 7 * * *')).toBe('daily at 07:00 UTC');
  });

  it('keeps anything else as the cron expression with its zone', () => {
    expect(at('0 9 * * 1-5', 'Asia/Tokyo')).toBe('`0 9 * * 1-5` (Asia/Tokyo)');
    expect(at('15 10 1 * *')).toBe('`15 10 1 * *` UTC');
    expect(at('0 9-17 * * *')).toBe('`0 9-17 * * *` UTC');
  });
});

describe('describeSubscription', () => {
  const sub: Subscription = {
    id: 'abc',
    kind: 'x',
    conversationId: '19:c',
    target: 'gpt-test',
    params: {},
    cron: '0 * * * *',
    timezone: 'UTC',
    sustained: 2,
    enabled: true,
    createdBy: 'u',
    createdAt: 0,
  };
  const kind: SubscriptionKind = {
    kind: 'x',
    label: 'X',
    defaultCron: '0 * * * *',
    prepare: () => ({ target: '', params: {} }),
    run: () => Promise.resolve(),
  };

  it('uses the kind’s own line when it has one, else target · schedule · sustained', () => {
    expect(describeSubscription(kind, sub)).toBe('gpt-test · every hour · sustained 2');
    expect(describeSubscription(undefined, { ...sub, target: '', sustained: 1 })).toBe(
      'every hour',
    );
    expect(describeSubscription({ ...kind, describe: (s) => `${s.target}!` }, sub)).toBe(
      'gpt-test!',
    );
  });
});

describe('scheduleText from the real fire times', () => {
  it('does not call a step that restarts each hour or day "every N"', () => {
    // */45 fires at :00 and :45; */5 hours at 0, 5, 10, 15, 20 and again at 0 (4 hours later).
    expect(at('*/45 * * * *')).toBe('`*/45 * * * *` UTC');
    expect(at('0 */5 * * *')).toBe('`0 */5 * * *` UTC');
    expect(at('*/7 * * * * *')).toBe('`*/7 * * * * *` UTC');
    expect(at('*/20 * * * *')).toBe('every 20 minutes');
  });

  it('keeps a stored step beyond its field as cron, never "every 99 minutes"', () => {
    expect(at('*/99 * * * *')).toBe('`*/99 * * * *` UTC');
  });
});
