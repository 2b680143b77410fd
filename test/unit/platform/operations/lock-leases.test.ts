import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OperationRepository } from '../../../../src/platform/operations/operation-repository';
import { openTestStore, STORE_KINDS, type TestStore } from '../../../support/test-store';

const plan = {
  kind: 'cleanup',
  environment: 'llmops-lab',
  params: {},
  steps: [],
  requesterId: 'aad-1',
  requesterName: 'Ada',
  conversationId: '19:chat@thread.v2',
  ttlMs: 60_000,
};

describe.each(STORE_KINDS)('lock leases on %s', (kind) => {
  let t: TestStore;
  let repo: OperationRepository;
  beforeEach(async () => {
    t = await openTestStore(kind);
    repo = new OperationRepository(t.store);
  });
  afterEach(() => t.dispose());

  it('keep a second replica off a leased operation until the lease runs out or is released', async () => {
    const op = await repo.create(plan);
    expect(await repo.acquireLock('env:llmops-lab', op)).toBeUndefined();
    expect(await repo.takeLease('env:llmops-lab', op, 'replica-a', 1000, 2000)).toBe(true);
    expect(await repo.takeLease('env:llmops-lab', op, 'replica-b', 1500, 2500)).toBe(false);
    // The heartbeat moves the lease on; b is still refused at a time past the first lease.
    expect(await repo.renewLeases('replica-a', 3000)).toBe(1);
    expect(await repo.takeLease('env:llmops-lab', op, 'replica-b', 2500, 3500)).toBe(false);
    // a dies (no more renewals): once its lease has run out, b takes over.
    expect(await repo.takeLease('env:llmops-lab', op, 'replica-b', 3001, 4000)).toBe(true);
    expect(await repo.renewLeases('replica-a', 5000)).toBe(0);
    // A graceful stop hands the operation on at once.
    await repo.releaseLeases('replica-b');
    expect(await repo.takeLease('env:llmops-lab', op, 'replica-a', 3100, 6000)).toBe(true);
  });

  it('gives a running operation without a lock row (written before leases) one', async () => {
    const op = await repo.create(plan);
    expect(await repo.takeLease('env:old', op, 'replica-a', 1000, 2000)).toBe(true);
    expect(await repo.takeLease('env:old', op, 'replica-b', 1500, 2500)).toBe(false);
  });
});
