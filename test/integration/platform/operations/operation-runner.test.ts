import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAdapter } from '../../../../src/bot/adapter';
import { ProactiveMessenger } from '../../../../src/bot/conversations';
import { loadConfig } from '../../../../src/config';
import type { Actor } from '../../../../src/chat/actor';
import { createLogger } from '../../../../src/platform/logging/logger';
import { z } from 'zod';
import type { Operation, OperationType } from '../../../../src/platform/operations/operation';
import {
  registerKind,
  type RegisteredKind,
} from '../../../../src/platform/operations/registered-kind';
import { OperationRepository } from '../../../../src/platform/operations/operation-repository';
import { OperationRunner } from '../../../../src/platform/operations/operation-runner';
import { Outbox } from '../../../../src/platform/outbox/outbox';
import { OutboxDispatcher } from '../../../../src/platform/outbox/outbox-dispatcher';
import { OutboxRepository } from '../../../../src/platform/outbox/outbox-repository';
import { ConversationRepository } from '../../../../src/platform/store/conversation-repository';
import type { Database } from '../../../../src/platform/store/database';
import { openSqliteStore, type SqliteStore } from '../../../../src/platform/store/sqlite-store';
import { FakeTeamsConnector } from '../../../fakes/teams-connector';

const log = createLogger('silent');
const ona: Actor = { id: '29:ona', aadObjectId: 'aad-ona', name: 'Ona' };
const dev: Actor = { id: '29:dev', aadObjectId: 'aad-dev', name: 'Dev' };
const CONV = 'a:personal';

/** A cloud resource that takes `polls` status checks to become ready, like an ARM LRO. */
class SlowResource {
  created = 0;
  polls = new Map<string, number>();
  create(): string {
    this.created++;
    const token = `lro-${this.created}`;
    this.polls.set(token, 0);
    return token;
  }
  poll(token: string): boolean {
    const n = (this.polls.get(token) ?? 0) + 1;
    this.polls.set(token, n);
    return n >= 3;
  }
}

const testType: OperationType<{ size: number }, SlowResource> = {
  kind: 'test-provision',
  params: z.object({ size: z.number() }),
  steps: () => [
    {
      id: 'quick',
      title: 'Quick step',
      run: () => Promise.resolve({ status: 'done', outputs: { group: 'rg-1' } }),
    },
    {
      id: 'slow',
      title: 'Slow step',
      run: ({ resumeToken }, resource) => {
        // Idempotent: with a saved token, poll the same creation instead of starting another.
        const token = resumeToken ?? resource.create();
        return Promise.resolve(
          resource.poll(token)
            ? { status: 'done', outputs: { resource: token } }
            : { status: 'waiting', pollAfterMs: 0, resumeToken: token, note: 'creating' },
        );
      },
    },
  ],
};

function testKind(resource: SlowResource): RegisteredKind {
  return registerKind(testType, resource, {
    render: (op) => ({
      kind: 'text',
      text: `${op.state}: ${op.steps.map((s) => `${s.id}=${s.status}`).join(' ')}`,
    }),
    finished: (op) => ({
      kind: 'text',
      text: `<at>${op.requesterName ?? ''}</at> done`,
      mentions: [{ id: op.requesterId, name: op.requesterName ?? '' }],
    }),
  });
}

/** An answer to a plan: the kind its button belongs to, who, and where. */
const by = (
  actor: Actor,
  cardActivityId: string,
  kind = 'test-provision',
  conversationId = CONV,
) => ({
  kind,
  actor,
  conversationId,
  cardActivityId,
});

interface Rig {
  dir: string;
  db: Database;
  store: SqliteStore;
  connector: FakeTeamsConnector;
  repo: OperationRepository;
  runner: OperationRunner;
  dispatcher: OutboxDispatcher;
}
const rigs: Rig[] = [];

async function rig(
  resource: SlowResource,
  dir = mkdtempSync(path.join(os.tmpdir(), 'ops-')),
  connector = new FakeTeamsConnector(),
): Promise<Rig> {
  if (!rigs.some((r) => r.connector === connector)) await connector.start();
  const store = openSqliteStore(dir);
  const db = store.sqlite;
  const conversations = new ConversationRepository(db);
  conversations.capture({
    conversationId: CONV,
    serviceUrl: connector.url,
    channelId: 'msteams',
    tenantId: 't',
    teamId: undefined,
    teamsChannelId: undefined,
    conversationType: 'personal',
    botId: '28:bot',
    botName: 'Bot',
    locale: 'en-US',
  });
  const messenger = new ProactiveMessenger(
    createAdapter(loadConfig({ LOG_LEVEL: 'silent' }), log),
    '',
    conversations,
    log,
  );
  const outboxRepo = new OutboxRepository(store);
  const dispatcher = new OutboxDispatcher(outboxRepo, messenger, log);
  const repo = new OperationRepository(db);
  const runner = new OperationRunner(
    repo,
    [testKind(resource)],
    new Outbox(outboxRepo, dispatcher),
    log,
    { idleMs: 50 },
  );
  const r = { dir, db, store, connector, repo, runner, dispatcher };
  rigs.push(r);
  return r;
}

async function close(r: Rig): Promise<void> {
  await r.runner.stop();
  await r.dispatcher.stop();
  r.db.close();
}

afterEach(async () => {
  const connectors = new Set<FakeTeamsConnector>();
  for (const r of rigs.splice(0)) {
    if (r.db.open) await close(r);
    connectors.add(r.connector);
    rmSync(r.dir, { recursive: true, force: true });
  }
  for (const c of connectors) await c.stop();
});

function plan(repo: OperationRepository, actor: Actor, environment = 'lab'): Operation {
  return repo.create({
    kind: 'test-provision',
    environment,
    params: { size: 1 },
    plan: 'create rg-1 and a resource',
    steps: [
      { id: 'quick', title: 'Quick step', status: 'pending' },
      { id: 'slow', title: 'Slow step', status: 'pending' },
    ],
    requesterId: actor.aadObjectId ?? actor.id,
    requesterName: actor.name,
    conversationId: CONV,
    ttlMs: 60_000,
  });
}

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('operation runner', () => {
  it('runs confirmed steps to the end, updating one card and mentioning the requester', async () => {
    const resource = new SlowResource();
    const r = await rig(resource);
    const op = plan(r.repo, ona);
    expect(r.runner.confirm(op.id, by(ona, 'card-1'))).toMatchObject({ ok: true });
    r.runner.start();
    await r.dispatcher.start();
    await until(() => r.repo.require(op.id).state === 'succeeded');
    await r.dispatcher.drain();
    const done = r.repo.require(op.id);
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

  it('resumes after a restart from the saved token without creating the resource twice', async () => {
    const resource = new SlowResource();
    const first = await rig(resource);
    const op = plan(first.repo, ona);
    first.runner.confirm(op.id, by(ona, 'card-1'));
    await first.runner.tick(); // quick step
    await first.runner.tick(); // slow step starts: created, waiting
    expect(first.repo.require(op.id).resumeToken).toBe('lro-1');
    await close(first); // the process stops mid-step

    const second = await rig(resource, first.dir, first.connector);
    second.runner.start();
    await until(() => second.repo.require(op.id).state === 'succeeded');
    expect(resource.created).toBe(1);
    expect(second.repo.require(op.id).outputs.resource).toBe('lro-1');
  });

  it('keeps two operations on one environment apart and says who holds the lock', async () => {
    const r = await rig(new SlowResource());
    const a = plan(r.repo, ona);
    const b = plan(r.repo, dev);
    expect(r.runner.confirm(a.id, by(ona, 'card-a'))).toMatchObject({ ok: true });
    const second = r.runner.confirm(b.id, by(dev, 'card-b'));
    expect(second).toMatchObject({ ok: false, reason: 'locked' });
    if (!second.ok && second.reason === 'locked') expect(second.holder.requesterName).toBe('Ona');
    expect(r.runner.confirm(plan(r.repo, dev, 'other-env').id, by(dev, 'card-c'))).toMatchObject({
      ok: true,
    });
    r.runner.start();
    await until(() => r.repo.require(a.id).state === 'succeeded');
    expect(r.runner.confirm(b.id, by(dev, 'card-b'))).toMatchObject({ ok: true });
  });

  it('only the requester may confirm, plans expire, and cancelled plans cannot start', async () => {
    let now = 1_000_000;
    const r = await rig(new SlowResource());
    const repo = new OperationRepository(r.db, () => now);
    const runner = new OperationRunner(
      repo,
      [testKind(new SlowResource())],
      new Outbox(new OutboxRepository(r.store), r.dispatcher),
      log,
      { now: () => now },
    );
    const op = plan(repo, ona);
    expect(runner.confirm(op.id, by(dev, 'c'))).toMatchObject({
      ok: false,
      reason: 'not-requester',
    });
    now += 61_000;
    expect(runner.confirm(op.id, by(ona, 'c'))).toMatchObject({ ok: false, reason: 'expired' });
    const other = plan(repo, ona);
    expect(runner.cancel(other.id, by(dev, 'c'))).toMatchObject({ reason: 'not-requester' });
    expect(runner.cancel(other.id, by(ona, 'c'))).toMatchObject({ ok: true });
    expect(repo.require(other.id).state).toBe('cancelled');
    expect(runner.confirm(other.id, by(ona, 'c'))).toMatchObject({
      ok: false,
      reason: 'not-planned',
    });
    expect(runner.confirm('nope', by(ona, 'c'))).toMatchObject({ ok: false, reason: 'unknown' });
  });

  it('binds a confirmation to the plan kind and its conversation', async () => {
    const r = await rig(new SlowResource());
    const op = plan(r.repo, ona);
    // Another kind's button (e.g. provision's Confirm sent with a cleanup plan's id) is refused.
    expect(r.runner.confirm(op.id, by(ona, 'c', 'cleanup'))).toMatchObject({ reason: 'unknown' });
    expect(r.runner.cancel(op.id, by(ona, 'c', 'cleanup'))).toMatchObject({ reason: 'unknown' });
    expect(r.runner.confirm(op.id, by(ona, 'c', 'test-provision', 'a:elsewhere'))).toMatchObject({
      reason: 'elsewhere',
    });
    expect(r.repo.require(op.id).state).toBe('planned');
    expect(r.runner.confirm(op.id, by(ona, 'c'))).toMatchObject({ ok: true });
  });

  it('fails an operation whose saved params do not pass its schema, without running a step', async () => {
    const resource = new SlowResource();
    const r = await rig(resource);
    const op = r.repo.create({
      kind: 'test-provision',
      environment: 'lab',
      params: { size: 'big' },
      steps: [{ id: 'quick', title: 'Quick step', status: 'pending' }],
      requesterId: 'aad-ona',
      requesterName: 'Ona',
      conversationId: CONV,
      ttlMs: 60_000,
    });
    expect(r.runner.confirm(op.id, by(ona, 'c'))).toMatchObject({ ok: true });
    await r.runner.tick();
    expect(r.repo.require(op.id)).toMatchObject({ state: 'failed' });
    expect(r.repo.require(op.id).error).toMatch(/not valid for this bot version/);
    expect(resource.created).toBe(0);
  });
});
