import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../../../src/platform/store/postgres-store';
import type { Store } from '../../../../src/platform/store/store';
import {
  IncidentRepository,
  type Incident,
} from '../../../../src/workflows/drift-monitor/incident-repository';
import {
  createTestDatabase,
  openTestStore,
  STORE_KINDS,
  type TestStore,
} from '../../../support/test-store';

const incident = (o: Partial<Incident> = {}): Incident => ({
  id: 'sub1-abc',
  subscriptionId: 'sub1',
  state: 'open',
  streak: 1,
  checks: 1,
  peakDrifted: 2,
  peakShare: 0.5,
  snoozedUntil: undefined,
  lastSummary: undefined,
  acknowledgedBy: undefined,
  acknowledgedAt: undefined,
  retrainRunId: undefined,
  retrainState: undefined,
  cardVersion: 0,
  openedAt: 100,
  resolvedAt: undefined,
  createdAt: 100,
  updatedAt: 100,
  ...o,
});

/** What the monitor does to an open incident on a drifted check. */
const checked = (cur: Incident): Incident => ({
  ...cur,
  streak: cur.streak + 1,
  checks: cur.checks + 1,
  cardVersion: cur.cardVersion + 1,
  updatedAt: 200,
});

describe.each(STORE_KINDS)('IncidentRepository on %s', (kind) => {
  let t: TestStore;
  let repo: IncidentRepository;
  beforeEach(async () => {
    t = await openTestStore(kind);
    repo = new IncidentRepository(t.store);
  });
  afterEach(() => t.dispose());

  it('stores an incident once and reads it back whole', async () => {
    const i = incident({
      lastSummary: { target: 'gpt-test' } as Incident['lastSummary'],
      retrainRunId: 1001,
      retrainState: 'PENDING',
      peakShare: 0.75,
    });
    expect(await repo.insert(i)).toBe(true);
    expect(await repo.insert({ ...i, streak: 9 })).toBe(false);
    expect(await repo.get(i.id)).toEqual(i);
    expect(await repo.active('sub1')).toEqual(i);
    expect(await repo.retraining()).toEqual([i]);
  });

  it('the active incident is the newest unresolved one; a snooze outlives its incident', async () => {
    await repo.insert(incident({ id: 'old', state: 'resolved', snoozedUntil: 5_000 }));
    expect(await repo.active('sub1')).toBeUndefined();
    expect(await repo.snoozedUntil('sub1')).toBe(5_000);
    expect(await repo.snoozedUntil('sub2')).toBeUndefined();
    await repo.insert(incident({ id: 'new', state: 'pending', createdAt: 200 }));
    expect((await repo.active('sub1'))?.id).toBe('new');
  });

  it('replace writes only over the row it read, and moves updated_at strictly forward', async () => {
    const read = incident();
    await repo.insert(read);
    // Same clock as the read (two writes in one ms, or a replica whose clock lags).
    const first = await repo.replace(read, { ...read, acknowledgedBy: 'Ona', updatedAt: 50 });
    expect(first).toMatchObject({ acknowledgedBy: 'Ona', updatedAt: 101 });
    // A writer still holding the old read loses, and changes nothing.
    expect(await repo.replace(read, checked(read))).toBeUndefined();
    expect(await repo.get(read.id)).toEqual(first);
  });

  it('update re-reads and re-applies after a conflict, so both changes survive', async () => {
    await repo.insert(incident());
    let other: Promise<unknown> = Promise.resolve();
    let calls = 0;
    await repo.update('sub1-abc', (cur) => {
      // Another writer acknowledges after this read: one of the two writes meets a changed row.
      if (calls++ === 0)
        other = new IncidentRepository(t.store).update(cur.id, (c) => ({
          ...c,
          acknowledgedBy: 'Ona',
          cardVersion: c.cardVersion + 1,
        }));
      return checked(cur);
    });
    await other;
    expect(await repo.get('sub1-abc')).toMatchObject({
      acknowledgedBy: 'Ona',
      checks: 2,
      cardVersion: 2,
    });
  });

  it('update leaves the row alone when the change says so, and answers undefined when gone', async () => {
    const i = incident({ acknowledgedBy: 'Ona' });
    await repo.insert(i);
    const r = await repo.update(i.id, (cur) => (cur.acknowledgedBy ? undefined : checked(cur)));
    expect(r).toEqual({ before: i, after: undefined });
    expect(await repo.update('nope', checked)).toBeUndefined();
  });

  it('deleteIf deletes only the row it read', async () => {
    const i = incident({ state: 'pending' });
    await repo.insert(i);
    const moved = await repo.replace(i, checked(i));
    expect(await repo.deleteIf(i)).toBe(false);
    expect(moved && (await repo.deleteIf(moved))).toBe(true);
    expect(await repo.get(i.id)).toBeUndefined();
  });
});

describe('two replicas on one PostgreSQL database racing on one incident', () => {
  let drop: () => Promise<void>;
  let a: Store;
  let b: Store;
  beforeAll(async () => {
    const database = await createTestDatabase();
    drop = () => database.drop();
    a = await openPostgresStore({ url: database.url, poolMax: 4 });
    b = await openPostgresStore({ url: database.url, poolMax: 4 });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await drop?.();
  });

  it('loses no acknowledgement, snooze or monitor check', async () => {
    const onA = new IncidentRepository(a);
    const onB = new IncidentRepository(b);
    await onA.insert(incident({ checks: 0, streak: 0 }));
    const N = 20;
    // Replica A: button clicks (each one snooze, the first an acknowledgement too).
    const clicks = Array.from({ length: N }, (_, i) =>
      onA.update('sub1-abc', (cur) => ({
        ...cur,
        acknowledgedBy: cur.acknowledgedBy ?? `user-${i}`,
        snoozedUntil: Math.max(cur.snoozedUntil ?? 0, 10_000 + i),
        cardVersion: cur.cardVersion + 1,
        updatedAt: 300,
      })),
    );
    // Replica B: monitor checks, each one more drifted check.
    const checks = Array.from({ length: N }, () => onB.update('sub1-abc', checked));
    const results = await Promise.all([...clicks, ...checks]);
    const final = await onA.get('sub1-abc');
    expect(final).toMatchObject({
      checks: N,
      streak: N,
      snoozedUntil: 10_000 + N - 1,
      cardVersion: 2 * N,
    });
    expect(final?.acknowledgedBy).toMatch(/^user-\d+$/);
    // Every stored change got its own card version: no two card updates share an outbox key.
    const versions = new Set(results.map((r) => r?.after?.cardVersion));
    expect(versions.size).toBe(2 * N);
  });
});
