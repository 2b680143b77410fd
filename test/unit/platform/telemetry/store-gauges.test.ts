import { afterEach, describe, expect, it } from 'vitest';
import { OutboxRepository } from '../../../../src/platform/outbox/outbox-repository';
import { OperationRepository } from '../../../../src/platform/operations/operation-repository';
import { PrometheusSink } from '../../../../src/platform/telemetry/prometheus-sink';
import { registerStoreGauges } from '../../../../src/platform/telemetry/store-gauges';
import {
  noTelemetry,
  type GaugeName,
  type GaugeRead,
  type Telemetry,
} from '../../../../src/platform/telemetry/telemetry';
import { openTestStore, STORE_KINDS, type TestStore } from '../../../support/test-store';

const T0 = 1_780_000_000_000;

/** Telemetry that only keeps the gauges registered with it, to read them as a scrape would. */
function gaugeBoard(): {
  telemetry: Telemetry;
  read(name: GaugeName): Promise<number | undefined>;
} {
  const gauges = new Map<GaugeName, GaugeRead>();
  return {
    telemetry: { ...noTelemetry, gauge: (name, read) => gauges.set(name, read) },
    read: (name) => gauges.get(name)?.() ?? Promise.resolve(undefined),
  };
}

describe.each(STORE_KINDS)('store gauges on %s', (kind) => {
  const opened: TestStore[] = [];
  afterEach(async () => {
    for (const t of opened.splice(0)) await t.dispose();
  });

  it('read the outbox depth, the age of its oldest unsent message, and running operations', async () => {
    const t = await openTestStore(kind);
    opened.push(t);
    let now = T0;
    const board = gaugeBoard();
    registerStoreGauges(board.telemetry, t.store, () => now);
    expect(await board.read('outboxDepth')).toBe(0);
    expect(await board.read('outboxOldestAge')).toBe(0);
    expect(await board.read('operationsRunning')).toBe(0);

    const outbox = new OutboxRepository(t.store, () => now);
    const payload = { kind: 'text' as const, text: 'x' };
    await outbox.enqueue({ key: 'a', conversationId: 'c1', kind: 'send', payload });
    now += 30_000;
    await outbox.enqueue({ key: 'b', conversationId: 'c1', kind: 'send', payload });
    await outbox.enqueue({ key: 'c', conversationId: 'c1', kind: 'send', payload });
    await outbox.finish('c', 'failed', 'gone');
    const ops = new OperationRepository(t.store, () => now);
    const op = await ops.create({
      kind: 'deploy',
      environment: 'lab',
      params: {},
      steps: [],
      requesterId: 'u1',
      requesterName: undefined,
      conversationId: 'c1',
      ttlMs: 60_000,
    });
    await ops.save({ ...op, state: 'running' });
    now += 10_000;

    expect(await board.read('outboxDepth')).toBe(2);
    expect(await board.read('outboxOldestAge')).toBe(40);
    expect(await board.read('operationsRunning')).toBe(1);
  });

  it('leave a scrape answering when the store is down (NaN, not an error)', async () => {
    const t = await openTestStore(kind);
    opened.push(t);
    let now = T0;
    const sink = new PrometheusSink({ defaultMetrics: false });
    const telemetry = { ...noTelemetry, gauge: sink.gauge.bind(sink) };
    registerStoreGauges(telemetry, t.store, () => now);
    expect(await sink.text()).toContain('llmops_outbox_depth 0');
    await t.store.close();
    now += 5_000; // past the reading both outbox gauges share
    const text = await sink.text();
    expect(text).toContain('llmops_outbox_depth Nan');
    expect(text).toContain('llmops_operations_running Nan');
  });
});
