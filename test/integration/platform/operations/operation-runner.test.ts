import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OperationRepository } from '../../../../src/platform/operations/operation-repository';
import { OperationRunner } from '../../../../src/platform/operations/operation-runner';
import { startOperation } from '../../../../src/platform/operations/start-operation';
import { Outbox } from '../../../../src/platform/outbox/outbox';
import { OutboxRepository } from '../../../../src/platform/outbox/outbox-repository';
import type { Store } from '../../../../src/platform/store/store';
import { openTestStore, STORE_KINDS, type TestStore } from '../../../support/test-store';
import {
  by,
  close,
  closeRigs,
  dev,
  log,
  ona,
  plan,
  rig,
  SlowResource,
  testKind,
  until,
} from './operation-rig';

describe.each(STORE_KINDS)('operation runner (%s)', (kind) => {
  let t: TestStore;
  let store: Store;
  beforeEach(async () => {
    t = await openTestStore(kind);
    store = t.store;
  });
  afterEach(async () => {
    await closeRigs();
    await t.dispose();
  });

  const stateOf = async (repo: OperationRepository, id: string) => (await repo.require(id)).state;

  it('runs confirmed steps to the end, updating one card and mentioning the requester', async () => {
    const resource = new SlowResource();
    const r = await rig(resource, store);
    const op = await plan(r.repo, ona);
    expect(await r.runner.confirm(op.id, by(ona, 'card-1'))).toMatchObject({ ok: true });
    r.runner.start();
    await r.dispatcher.start();
    await until(async () => (await stateOf(r.repo, op.id)) === 'succeeded');
    // The runner saves the end state, then queues the card and the mention: drain until both went.
    await until(async () => {
      await r.dispatcher.drain();
      return r.connector.delivered('POST').length > 0;
    });
    const done = await r.repo.require(op.id);
    expect(done.outputs).toEqual({ group: 'rg-1', resource: 'lro-1' });
    expect(resource.created).toBe(1);
    const updates = r.connector.delivered('PUT');
    expect(updates.length).toBeGreaterThan(0);
    expect(updates.every((u) => u.path.endsWith('/activities/card-1'))).toBe(true);
    expect(updates.at(-1)?.body.text).toBe('succeeded: quick=done slow=done');
    const mention = r.connector.delivered('POST').at(-1);
    expect(mention?.body.text).toBe('<at>Ona</at> done');
    expect(mention?.body.entities).toEqual([
      { type: 'mention', text: '<at>Ona</at>', mentioned: { id: 'aad-ona', name: 'Ona' } },
    ]);
  });

  it('an operation started with postCard: its card is posted once, then updated in place', async () => {
    const resource = new SlowResource();
    const r = await rig(resource, store);
    const op = await startOperation(r.repo, {
      kind: 'test-provision',
      environment: 'lab',
      params: { size: 1 },
      steps: [
        { id: 'quick', title: 'Quick step', status: 'pending' },
        { id: 'slow', title: 'Slow step', status: 'pending' },
      ],
      requesterId: 'aad-ona',
      requesterName: 'Ona',
      conversationId: 'a:personal',
      postCard: true,
    });
    r.runner.start();
    await r.dispatcher.start();
    // The state is saved just before the last card update is queued: wait for that update.
    const last = () => r.connector.delivered('PUT').at(-1)?.body.text;
    await until(() => last() === 'succeeded: quick=done slow=done');
    const posted = await new OutboxRepository(store).get(`op:${op.id}:posted`);
    expect(posted?.status).toBe('delivered');
    const cards = r.connector.delivered('POST').filter((p) => /: quick=/.test(String(p.body.text)));
    expect(cards).toHaveLength(1);
    const updates = r.connector.delivered('PUT');
    expect(updates.length).toBeGreaterThan(0);
    expect(
      updates.every((u) => u.path.endsWith(`/activities/${posted?.resultActivityId ?? '?'}`)),
    ).toBe(true);
    expect(updates.at(-1)?.body.text).toBe('succeeded: quick=done slow=done');
  });

  it('resumes after a restart from the saved token without creating the resource twice', async () => {
    const resource = new SlowResource();
    const first = await rig(resource, store);
    const op = await plan(first.repo, ona);
    await first.runner.confirm(op.id, by(ona, 'card-1'));
    await first.runner.tick(); // quick step
    await first.runner.tick(); // slow step starts: created, waiting
    expect((await first.repo.require(op.id)).resumeToken).toBe('lro-1');
    await close(first); // the process stops mid-step

    const second = await rig(resource, store, { idleMs: 50 }, first.connector);
    second.runner.start();
    await until(async () => (await stateOf(second.repo, op.id)) === 'succeeded');
    expect(resource.created).toBe(1);
    expect((await second.repo.require(op.id)).outputs.resource).toBe('lro-1');
  });

  it('keeps two operations on one environment apart and says who holds the lock', async () => {
    const r = await rig(new SlowResource(), store);
    const a = await plan(r.repo, ona);
    const b = await plan(r.repo, dev);
    expect(await r.runner.confirm(a.id, by(ona, 'card-a'))).toMatchObject({ ok: true });
    const second = await r.runner.confirm(b.id, by(dev, 'card-b'));
    expect(second).toMatchObject({ ok: false, reason: 'locked' });
    if (!second.ok && second.reason === 'locked') expect(second.holder.requesterName).toBe('Ona');
    const other = await plan(r.repo, dev, 'other-env');
    expect(await r.runner.confirm(other.id, by(dev, 'card-c'))).toMatchObject({ ok: true });
    r.runner.start();
    await until(async () => (await stateOf(r.repo, a.id)) === 'succeeded');
    expect(await r.runner.confirm(b.id, by(dev, 'card-b'))).toMatchObject({ ok: true });
  });

  it('only the requester may confirm, plans expire, and cancelled plans cannot start', async () => {
    let now = 1_000_000;
    const r = await rig(new SlowResource(), store);
    const repo = new OperationRepository(store, () => now);
    const runner = new OperationRunner(
      repo,
      [testKind(new SlowResource())],
      new Outbox(new OutboxRepository(r.store), r.dispatcher),
      log,
      { now: () => now },
    );
    const op = await plan(repo, ona);
    expect(await runner.confirm(op.id, by(dev, 'c'))).toMatchObject({
      ok: false,
      reason: 'not-requester',
    });
    now += 61_000;
    expect(await runner.confirm(op.id, by(ona, 'c'))).toMatchObject({
      ok: false,
      reason: 'expired',
    });
    const other = await plan(repo, ona);
    expect(await runner.cancel(other.id, by(dev, 'c'))).toMatchObject({ reason: 'not-requester' });
    expect(await runner.cancel(other.id, by(ona, 'c'))).toMatchObject({ ok: true });
    expect(await stateOf(repo, other.id)).toBe('cancelled');
    expect(await runner.confirm(other.id, by(ona, 'c'))).toMatchObject({
      ok: false,
      reason: 'not-planned',
    });
    expect(await runner.confirm('nope', by(ona, 'c'))).toMatchObject({
      ok: false,
      reason: 'unknown',
    });
  });

  it('binds a confirmation to the plan kind and its conversation', async () => {
    const r = await rig(new SlowResource(), store);
    const op = await plan(r.repo, ona);
    // Another kind's button (e.g. provision's Confirm sent with a cleanup plan's id) is refused.
    expect(await r.runner.confirm(op.id, by(ona, 'c', 'cleanup'))).toMatchObject({
      reason: 'unknown',
    });
    expect(await r.runner.cancel(op.id, by(ona, 'c', 'cleanup'))).toMatchObject({
      reason: 'unknown',
    });
    expect(
      await r.runner.confirm(op.id, by(ona, 'c', 'test-provision', 'a:elsewhere')),
    ).toMatchObject({ reason: 'elsewhere' });
    expect(await stateOf(r.repo, op.id)).toBe('planned');
    expect(await r.runner.confirm(op.id, by(ona, 'c'))).toMatchObject({ ok: true });
  });

  it('fails an operation whose saved params do not pass its schema, without running a step', async () => {
    const resource = new SlowResource();
    const r = await rig(resource, store);
    const op = await r.repo.create({
      kind: 'test-provision',
      environment: 'lab',
      params: { size: 'big' },
      steps: [{ id: 'quick', title: 'Quick step', status: 'pending' }],
      requesterId: 'aad-ona',
      requesterName: 'Ona',
      conversationId: 'a:personal',
      ttlMs: 60_000,
    });
    expect(await r.runner.confirm(op.id, by(ona, 'c'))).toMatchObject({ ok: true });
    await r.runner.tick();
    expect(await r.repo.require(op.id)).toMatchObject({ state: 'failed' });
    expect((await r.repo.require(op.id)).error).toMatch(/not valid for this bot version/);
    expect(resource.created).toBe(0);
  });
});
