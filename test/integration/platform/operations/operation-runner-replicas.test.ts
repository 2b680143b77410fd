import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunnerOptions } from '../../../../src/platform/operations/operation-runner';
import { openReplicaStores, type ReplicaStores } from '../../../support/replica-stores';
import { STORE_KINDS } from '../../../support/test-store';
import { by, closeRigs, ona, plan, rig, SlowResource, until, type Rig } from './operation-rig';

const replica = (replicaId: string, heartbeatMs = 50): RunnerOptions => ({
  replicaId,
  leaseMs: 400,
  heartbeatMs,
  idleMs: 20,
});

describe.each(STORE_KINDS)('operation runners of two replicas on one %s store', (kind) => {
  let replicas: ReplicaStores;
  let resource: SlowResource;
  beforeEach(async () => {
    replicas = await openReplicaStores(kind, 2);
    resource = new SlowResource();
  });
  afterEach(async () => {
    resource.release();
    await closeRigs();
    await replicas.dispose();
  });

  /** A confirmed operation whose slow step replica `a` started (created, token saved). */
  async function startedOn(a: Rig): Promise<string> {
    const op = await plan(a.repo, ona);
    await a.runner.confirm(op.id, by(ona, 'card-1'));
    await a.runner.tick(); // quick step
    await a.runner.tick(); // slow step: created lro-1, waiting
    expect((await a.repo.require(op.id)).resumeToken).toBe('lro-1');
    resource.stalls = 1; // a's next status check hangs
    return op.id;
  }

  it('resumes on the other replica from the saved token when the first one dies mid-step', async () => {
    const [storeA, storeB] = replicas.stores;
    if (!storeA || !storeB) throw new Error('two replicas');
    const a = await rig(resource, storeA, replica('a'));
    const b = await rig(resource, storeB, replica('b'), a.connector);
    const id = await startedOn(a);
    a.runner.start();
    b.runner.start();
    await until(() => resource.stalled === 1);
    // a's heartbeat keeps the operation a's for longer than one lease.
    await new Promise((r) => setTimeout(r, 600));
    expect(resource.polls.get('lro-1')).toBe(1);
    await replicas.kill(0); // a dies inside the step call
    await until(async () => (await b.repo.require(id)).state === 'succeeded');
    const done = await b.repo.require(id);
    expect(resource.created).toBe(1);
    expect(done.outputs).toEqual({ group: 'rg-1', resource: 'lro-1' });
    expect(done.steps.map((s) => s.status)).toEqual(['done', 'done']);
  });

  it('drops the late result of a replica that stalled past its lease', async () => {
    const [storeA, storeB] = replicas.stores;
    if (!storeA || !storeB) throw new Error('two replicas');
    // a's heartbeat never comes in time: like a process frozen longer than its lease.
    const a = await rig(resource, storeA, replica('a', 60_000));
    const b = await rig(resource, storeB, replica('b'), a.connector);
    const id = await startedOn(a);
    a.runner.start();
    b.runner.start();
    await until(async () => (await b.repo.require(id)).state === 'succeeded');
    const done = await b.repo.require(id);
    resource.release(); // a wakes up and reports its (now stale) poll
    await a.runner.stop();
    expect(await b.repo.require(id)).toEqual(done);
    expect(resource.created).toBe(1);
  });
});
