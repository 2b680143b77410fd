import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../../src/platform/store/postgres-store';
import type { Store } from '../../../src/platform/store/store';
import {
  driftRig,
  HOUR,
  outboxRows,
  subscribeDrift,
  type DriftRig,
  type Shape,
} from '../../support/drift-rig';
import { createTestDatabase } from '../../support/test-store';

const T0 = Date.parse('2026-11-30T12:00:00Z');
const CHANNEL = '19:alerts@thread.tacv2';
const BASE: Shape = { latency: 400, completion: 100, prompt: 50, seed: 7 };
const DRIFTED: Shape = { ...BASE, latency: 1_500, completion: 400 };

/**
 * Two bot replicas sharing one PostgreSQL database for subscriptions and incidents: replica B
 * runs the scheduled checks while people click the alert card's buttons on replica A.
 */
describe('two replicas on one PostgreSQL database', () => {
  let drop: () => Promise<void>;
  const stores: Store[] = [];
  const rigs: DriftRig[] = [];
  beforeAll(async () => {
    const database = await createTestDatabase();
    drop = () => database.drop();
    for (let i = 0; i < 2; i++) {
      const store = await openPostgresStore({ url: database.url, poolMax: 4 });
      stores.push(store);
      const baseline = { from: T0 - 2 * HOUR, to: T0 - HOUR };
      const r = driftRig({
        store,
        start: T0 + 1,
        settings: { reference: { kind: 'fixed', range: baseline } },
      });
      await r.seed('gpt-test', T0 - 2 * HOUR, T0 - HOUR, 150, BASE);
      for (let h = 0; h < 4; h++)
        await r.seed('gpt-test', T0 + (h - 1) * HOUR, T0 + h * HOUR, 150, { ...DRIFTED, seed: h });
      rigs.push(r);
    }
  });
  afterAll(async () => {
    for (const r of rigs) r.close();
    for (const s of stores) await s.close();
    await drop?.();
  });

  it("a check on one and button clicks on the other all land: nobody's update is lost", async () => {
    const [a, b] = rigs;
    if (!a || !b) throw new Error('rigs not started');
    const sub = await subscribeDrift(a, CHANNEL);
    await b.monitor.check(sub, T0 + 1);
    const opened = await a.incidents.active(sub.id);
    expect(opened?.state).toBe('open');
    const id = opened?.id ?? '';
    const clicks = [
      () => a.actions.acknowledge(id, 'Ona Call', CHANNEL),
      () => a.actions.snooze(id, 24, 'Dev One', CHANNEL),
    ];
    for (const [h, click] of clicks.entries()) {
      b.clock.now = T0 + (h + 1) * HOUR + 1;
      await Promise.all([b.monitor.check(sub, b.clock.now), click()]);
    }
    const final = await b.incidents.get(id);
    expect(final).toMatchObject({
      state: 'open',
      checks: 3,
      acknowledgedBy: 'Ona Call',
      snoozedUntil: expect.any(Number) as number,
    });
    // Each stored change is its own card version, sent by the replica that made it: together
    // the two outboxes hold one card update per version, none shared.
    const updates = [...outboxRows(a), ...outboxRows(b)].filter((x) => x.kind === 'update');
    const versions = updates.map((x) => Number(x.key.split(':').pop()));
    expect(new Set(versions).size).toBe(versions.length);
    expect(Math.max(...versions)).toBe(final?.cardVersion);
    expect(updates.find((x) => x.key.endsWith(`:${final?.cardVersion}`))?.text).toContain(
      'Ona Call',
    );
  });
});
