import type { Store } from '../store/store';
import type { Telemetry } from './telemetry';

/** How long one outbox reading serves both outbox gauges (they are collected together). */
const SHARED_READ_MS = 1_000;

interface OutboxBacklog {
  depth: number;
  oldestCreatedAt: number | undefined;
}

/**
 * The store-backed gauges: outbox depth, age of its oldest unsent message, operations running.
 * Each is one aggregate over an indexed status column, read only when a scrape or an export
 * asks; a store that is down skips the sample (see guardedRead), it never fails the scrape.
 */
export function registerStoreGauges(
  telemetry: Telemetry,
  store: Store,
  now: () => number = Date.now,
): void {
  let cached: { at: number; read: Promise<OutboxBacklog> } | undefined;
  const backlog = (): Promise<OutboxBacklog> => {
    const at = now();
    if (!cached || at - cached.at > SHARED_READ_MS) {
      const read = store.db
        .selectFrom('outbox')
        .select((eb) => [eb.fn.countAll().as('depth'), eb.fn.min('created_at').as('oldest')])
        .where('status', 'in', ['pending', 'sending'])
        .executeTakeFirstOrThrow()
        .then((r) => ({
          depth: Number(r.depth),
          oldestCreatedAt: r.oldest === null ? undefined : Number(r.oldest),
        }));
      // A failed read is not kept: the next scrape tries again.
      read.catch(() => (cached = undefined));
      cached = { at, read };
    }
    return cached.read;
  };
  telemetry.gauge('outboxDepth', async () => (await backlog()).depth);
  telemetry.gauge('outboxOldestAge', async () => {
    const { oldestCreatedAt } = await backlog();
    return oldestCreatedAt === undefined ? 0 : Math.max(0, now() - oldestCreatedAt) / 1000;
  });
  telemetry.gauge('operationsRunning', async () => {
    const r = await store.db
      .selectFrom('operations')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('state', '=', 'running')
      .executeTakeFirstOrThrow();
    return Number(r.n);
  });
}
