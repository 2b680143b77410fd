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

describe.each(STORE_KINDS)('OperationRepository.savePlanOutputs on %s', (kind) => {
  let t: TestStore;
  let repo: OperationRepository;
  beforeEach(async () => {
    t = await openTestStore(kind);
    repo = new OperationRepository(t.store);
  });
  afterEach(async () => {
    await t.dispose();
  });

  it('records an approval on a planned operation only; a cancelled plan stays cancelled', async () => {
    const op = await repo.create(plan);
    expect(await repo.savePlanOutputs({ ...op, outputs: { 'approval.by': 'aad-2' } })).toBe(true);
    expect((await repo.get(op.id))?.outputs).toEqual({ 'approval.by': 'aad-2' });

    // An Approve that read the plan before its requester cancelled it.
    const stale = await repo.create(plan);
    await repo.save({ ...stale, state: 'cancelled' });
    expect(await repo.savePlanOutputs({ ...stale, outputs: { 'approval.by': 'aad-2' } })).toBe(
      false,
    );
    const after = await repo.get(stale.id);
    expect(after?.state).toBe('cancelled');
    expect(after?.outputs).toEqual({});
  });
});
