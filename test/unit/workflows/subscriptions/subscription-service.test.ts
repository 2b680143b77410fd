import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../../src/platform/logging/logger';
import { openPostgresStore } from '../../../../src/platform/store/postgres-store';
import { Scheduler } from '../../../../src/platform/scheduler/scheduler';
import { SubscriptionKindRegistry } from '../../../../src/workflows/subscriptions/subscription-kinds';
import { SubscriptionRepository } from '../../../../src/workflows/subscriptions/subscription-repository';
import {
  jobId,
  SubscriptionService,
} from '../../../../src/workflows/subscriptions/subscription-service';
import { openTestStore, STORE_KINDS, type TestStore } from '../../../support/test-store';

const log = createLogger('silent');
const kinds = () =>
  new SubscriptionKindRegistry().register({
    kind: 'drift',
    label: 'Drift check',
    defaultCron: '0 * * * *',
    prepare: () => ({ target: '', params: {} }),
    run: () => Promise.resolve(),
  });
const input = (conversationId: string, cron = '0 * * * *') => ({
  kind: 'drift',
  conversationId,
  target: '',
  params: {},
  cron,
  timezone: 'UTC',
  sustained: 1,
  createdBy: 'admin',
});

const open: TestStore[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.dispose();
});

describe.each(STORE_KINDS)('SubscriptionService.rebuild on %s', (kind) => {
  it('follows what another replica subscribed, rescheduled and unsubscribed', async () => {
    const t = await openTestStore(kind);
    open.push(t);
    // Two replicas: each its own scheduler and service, one shared store.
    const other =
      kind === 'postgres' ? await openPostgresStore({ url: t.url, poolMax: 2 }) : t.store;
    try {
      const a = new SubscriptionService(
        new SubscriptionRepository(t.store),
        kinds(),
        new Scheduler(t.store, log),
        log,
      );
      const schedulerB = new Scheduler(other, log);
      const b = new SubscriptionService(
        new SubscriptionRepository(other),
        kinds(),
        schedulerB,
        log,
      );

      const { subscription } = await a.subscribe(input('19:a@thread.tacv2'));
      expect(schedulerB.has(jobId(subscription))).toBe(false);
      expect(await b.rebuild()).toBe(1);
      expect(schedulerB.has(jobId(subscription))).toBe(true);

      const moved = await a.subscribe(input('19:a@thread.tacv2', '*/5 * * * *'));
      expect(moved.created).toBe(false);
      await b.rebuild();
      expect(schedulerB.has(jobId(subscription))).toBe(true);

      await a.unsubscribe(subscription);
      expect(await b.rebuild()).toBe(0);
      expect(schedulerB.has(jobId(subscription))).toBe(false);
    } finally {
      if (other !== t.store) await other.close();
    }
  });
});
