import { z } from 'zod';
import { createAdapter } from '../../../../src/bot/adapter';
import { ProactiveMessenger } from '../../../../src/bot/conversations';
import type { Actor } from '../../../../src/chat/actor';
import { loadConfig } from '../../../../src/config';
import { createLogger } from '../../../../src/platform/logging/logger';
import type { Operation, OperationType } from '../../../../src/platform/operations/operation';
import { OperationRepository } from '../../../../src/platform/operations/operation-repository';
import {
  OperationRunner,
  type RunnerOptions,
} from '../../../../src/platform/operations/operation-runner';
import {
  registerKind,
  type RegisteredKind,
} from '../../../../src/platform/operations/registered-kind';
import { Outbox } from '../../../../src/platform/outbox/outbox';
import { OutboxDispatcher } from '../../../../src/platform/outbox/outbox-dispatcher';
import { OutboxRepository } from '../../../../src/platform/outbox/outbox-repository';
import { ConversationRepository } from '../../../../src/platform/store/conversation-repository';
import type { Store } from '../../../../src/platform/store/store';
import { FakeTeamsConnector } from '../../../fakes/teams-connector';

export const log = createLogger('silent');
export const ona: Actor = { id: '29:ona', aadObjectId: 'aad-ona', name: 'Ona' };
export const dev: Actor = { id: '29:dev', aadObjectId: 'aad-dev', name: 'Dev' };
const CONV = 'a:personal';

/** A cloud resource that takes `polls` status checks to become ready, like an ARM LRO. */
export class SlowResource {
  created = 0;
  polls = new Map<string, number>();
  /** How many of the next status checks hang until `release()` (a stalled cloud call). */
  stalls = 0;
  stalled = 0;
  private readonly held: (() => void)[] = [];

  create(): string {
    this.created++;
    const token = `lro-${this.created}`;
    this.polls.set(token, 0);
    return token;
  }

  async poll(token: string): Promise<boolean> {
    if (this.stalls > 0) {
      this.stalls--;
      this.stalled++;
      await new Promise<void>((r) => this.held.push(r));
    }
    const n = (this.polls.get(token) ?? 0) + 1;
    this.polls.set(token, n);
    return n >= 3;
  }

  release(): void {
    for (const r of this.held.splice(0)) r();
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
      run: async ({ resumeToken }, resource) => {
        // Idempotent: with a saved token, poll the same creation instead of starting another.
        const token = resumeToken ?? resource.create();
        return (await resource.poll(token))
          ? { status: 'done', outputs: { resource: token } }
          : { status: 'waiting', pollAfterMs: 0, resumeToken: token, note: 'creating' };
      },
    },
  ],
};

export function testKind(resource: SlowResource): RegisteredKind {
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
export const by = (
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

/** One bot process: its runner and outbox on the shared store, its own connector. */
export interface Rig {
  /** False once the process stopped. */
  running: boolean;
  store: Store;
  connector: FakeTeamsConnector;
  repo: OperationRepository;
  runner: OperationRunner;
  dispatcher: OutboxDispatcher;
}
const rigs: Rig[] = [];

export async function rig(
  resource: SlowResource,
  store: Store,
  options: RunnerOptions = { idleMs: 50 },
  connector = new FakeTeamsConnector(),
  kinds: readonly RegisteredKind[] = [testKind(resource)],
): Promise<Rig> {
  if (!rigs.some((r) => r.connector === connector)) await connector.start();
  const conversations = new ConversationRepository(store);
  await conversations.capture({
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
  const repo = new OperationRepository(store);
  const runner = new OperationRunner(repo, kinds, new Outbox(outboxRepo, dispatcher), log, options);
  const r = { running: true, store, connector, repo, runner, dispatcher };
  rigs.push(r);
  return r;
}

/** Stops a process gracefully: its runner finishes the step call in flight. */
export async function close(r: Rig): Promise<void> {
  await r.runner.stop();
  await r.dispatcher.stop();
  r.running = false;
}

/** For afterEach: closes every rig still open and its connector. */
export async function closeRigs(): Promise<void> {
  const connectors = new Set<FakeTeamsConnector>();
  for (const r of rigs.splice(0)) {
    if (r.running) await close(r);
    connectors.add(r.connector);
  }
  for (const c of connectors) await c.stop();
}

export function plan(
  repo: OperationRepository,
  actor: Actor,
  environment = 'lab',
): Promise<Operation> {
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

export async function until(
  check: () => Promise<boolean> | boolean,
  timeoutMs = 10_000,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
