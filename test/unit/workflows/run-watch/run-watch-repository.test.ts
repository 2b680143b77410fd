import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  RunWatchRepository,
  type RunFingerprint,
} from '../../../../src/workflows/run-watch/run-watch-repository';
import { openTestStore, STORE_KINDS, type TestStore } from '../../../support/test-store';

const fp = (status: string, endTime: number, tags: [string, string][] = []): RunFingerprint => ({
  status,
  endTime,
  tags,
});

describe.each(STORE_KINDS)('RunWatchRepository on %s', (kind) => {
  let t: TestStore;
  let repo: RunWatchRepository;
  beforeEach(async () => {
    t = await openTestStore(kind);
    repo = new RunWatchRepository(t.store);
  });
  afterEach(() => t.dispose());

  it('keeps a watermark per experiment that never moves backwards', async () => {
    expect(await repo.state('7')).toBeUndefined();
    expect(await repo.watermark('7', 1_000)).toBe(1_000);
    expect(await repo.watermark('7', 5_000)).toBe(1_000); // created once
    await repo.advance('7', 3_000, 10);
    expect(await repo.state('7')).toEqual({
      experimentId: '7',
      watermark: 3_000,
      checkedAt: 10,
      lastError: undefined,
    });
    await repo.failed('7', 'x'.repeat(600), 20);
    expect(await repo.state('7')).toMatchObject({ watermark: 3_000, checkedAt: 20 });
    expect((await repo.state('7'))?.lastError).toHaveLength(500);
    await repo.advance('7', 2_000, 30);
    expect(await repo.state('7')).toEqual({
      experimentId: '7',
      watermark: 3_000,
      checkedAt: 30,
      lastError: undefined,
    });
  });

  it('records a run once per subscription and counts changes', async () => {
    expect(await repo.posted('s1', '7', 'r1', fp('FINISHED', 100), 1)).toBe(true);
    expect(await repo.posted('s1', '7', 'r1', fp('FAILED', 100), 2)).toBe(false);
    expect(await repo.posted('s2', '7', 'r1', fp('FINISHED', 100), 2)).toBe(true);
    expect(await repo.get('s1', 'r1')).toEqual({
      subscriptionId: 's1',
      runId: 'r1',
      fingerprint: fp('FINISHED', 100),
      changes: 0,
    });
    const tagged = fp('FINISHED', 100, [['reviewed', 'yes']]);
    expect(await repo.changed('s1', 'r1', 0, tagged)).toBe(1);
    expect(await repo.get('s1', 'r1')).toMatchObject({ fingerprint: tagged, changes: 1 });
  });

  it('a change counted by another poll first is refused, so it is replied once', async () => {
    await repo.posted('s1', '7', 'r1', fp('FINISHED', 100), 1);
    const other = new RunWatchRepository(t.store);
    const results = await Promise.all([
      repo.changed('s1', 'r1', 0, fp('KILLED', 100)),
      other.changed('s1', 'r1', 0, fp('KILLED', 100)),
    ]);
    expect(results.filter((r) => r === 1)).toHaveLength(1);
    expect(results.filter((r) => r === undefined)).toHaveLength(1);
    expect((await repo.get('s1', 'r1'))?.changes).toBe(1);
    expect(await repo.changed('s1', 'gone', 0, fp('KILLED', 100))).toBeUndefined();
  });

  it('prunes runs that ended before a time, and forgets a subscription', async () => {
    await repo.posted('s1', '7', 'old', fp('FINISHED', 100), 1);
    await repo.posted('s1', '7', 'new', fp('FINISHED', 300), 1);
    await repo.posted('s1', '8', 'other', fp('FINISHED', 100), 1);
    await repo.posted('s2', '7', 'new', fp('FINISHED', 300), 1);
    expect(await repo.prune('7', 200)).toBe(1);
    expect(await repo.get('s1', 'old')).toBeUndefined();
    expect(await repo.get('s1', 'other')).toBeDefined();
    await repo.forgetSubscription('s1');
    expect(await repo.get('s1', 'new')).toBeUndefined();
    expect(await repo.get('s1', 'other')).toBeUndefined();
    expect(await repo.get('s2', 'new')).toBeDefined();
  });
});
