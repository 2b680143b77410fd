import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../../src/platform/logging/logger';
import { Outbox } from '../../../../src/platform/outbox/outbox';
import { OutboxDispatcher } from '../../../../src/platform/outbox/outbox-dispatcher';
import { OutboxRepository } from '../../../../src/platform/outbox/outbox-repository';
import type { ProactiveSender } from '../../../../src/platform/outbox/proactive-sender';
import { openSqliteStore, type SqliteStore } from '../../../../src/platform/store/sqlite-store';
import { HttpMlflowService } from '../../../../src/services/mlflow/http-mlflow-service';
import { ChatIdleSweep } from '../../../../src/workflows/prompting/chat-idle-sweep';
import { ChatSessionRepository } from '../../../../src/workflows/prompting/chat-session-repository';
import { PromptRunTracker } from '../../../../src/workflows/prompting/prompt-run-tracker';
import { startHttpGate, type HttpGate } from '../../../support/http-gate';
import {
  MLFLOW_SETUP_TIMEOUT_MS,
  startMlflowServer,
  type MlflowTestServer,
} from '../../../support/mlflow-server';

const log = createLogger('silent');
const IDLE = 30 * 60_000;
const T0 = Date.parse('2026-12-06T09:00:00Z');
const CONV = 'a:personal-ona';
const noSender: ProactiveSender = {
  send: () => Promise.reject(new Error('not sent in this test')),
  update: () => Promise.reject(new Error('not sent in this test')),
  postToChannel: () => Promise.reject(new Error('not sent in this test')),
};

let mlflowServer: MlflowTestServer;
let gate: HttpGate;
let seq = 0;
const stores: { store: SqliteStore; dir: string }[] = [];

beforeAll(async () => {
  mlflowServer = await startMlflowServer();
  gate = await startHttpGate(mlflowServer.url);
}, MLFLOW_SETUP_TIMEOUT_MS);

afterAll(async () => {
  await gate?.close();
  await mlflowServer?.stop();
});

afterEach(async () => {
  gate.failing = 0;
  for (const { store, dir } of stores.splice(0)) {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A store, sessions and a sweep on a clock the test moves; MLflow through the gate. */
function rig() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chat-idle-'));
  const store = openSqliteStore(dir);
  stores.push({ store, dir });
  const clock = { now: T0 };
  const now = () => clock.now;
  const sessions = new ChatSessionRepository(store, now);
  const experiment = `chat-idle-sweep-${process.pid}-${++seq}`;
  const tracker = new PromptRunTracker(
    new HttpMlflowService({ baseUrl: gate.url }),
    experiment,
    log,
  );
  const outboxRepo = new OutboxRepository(store, now);
  const outbox = new Outbox(outboxRepo, new OutboxDispatcher(outboxRepo, noSender, log));
  const sweep = new ChatIdleSweep({ sessions, tracker, outbox, idleMs: IDLE, log, now });
  return { store, clock, sessions, tracker, sweep, experiment };
}

async function runStatus(experiment: string): Promise<string | undefined> {
  const mlflow = new HttpMlflowService({ baseUrl: mlflowServer.url });
  const exp = await mlflow.getExperimentByName(experiment);
  const page = await mlflow.searchRuns({ experimentIds: [exp.experimentId] });
  return page.items[0]?.info.status;
}

const usage = { prompt: 5, completion: 7, total: 12 };

describe('ChatIdleSweep on a clock the test controls', () => {
  it('ends a session only once it has been idle for the configured time', async () => {
    const r = rig();
    const s = await r.sessions.start(CONV, 'ona');
    await r.tracker.logChatTurn({ ...s, target: 'chat', user: 'Ona' }, { latencyMs: 40, usage });
    r.clock.now = T0 + IDLE - 1;
    expect(await r.sweep.sweep()).toBe(0);
    expect(await r.sessions.isActive(CONV, 'ona')).toBe(true);
    expect(await runStatus(r.experiment)).toBe('RUNNING');

    r.clock.now = T0 + IDLE + 1;
    expect(await r.sweep.sweep()).toBe(1);
    expect(await r.sessions.isActive(CONV, 'ona')).toBe(false);
    expect(await runStatus(r.experiment)).toBe('KILLED');
    const notice = r.store.sqlite.prepare('SELECT conversation_id, payload FROM outbox').all() as {
      conversation_id: string;
      payload: string;
    }[];
    expect(notice.map((n) => n.conversation_id)).toEqual([CONV]);
    expect(notice[0]?.payload).toContain('ended after 30 min without a message');
  });

  it('keeps the session while MLflow refuses, and ends it once MLflow answers', async () => {
    const r = rig();
    const s = await r.sessions.start(CONV, 'ona');
    await r.tracker.logChatTurn({ ...s, target: 'chat', user: 'Ona' }, { latencyMs: 40, usage });
    r.clock.now = T0 + IDLE + 1;
    gate.failing = Infinity;
    expect(await r.sweep.sweep()).toBe(0);
    expect(await r.sessions.isActive(CONV, 'ona')).toBe(true);
    gate.failing = 0;
    expect(await runStatus(r.experiment)).toBe('RUNNING');
    expect(await r.sweep.sweep()).toBe(1);
    expect(await runStatus(r.experiment)).toBe('KILLED');
  });

  it('a message after the sweep read the session keeps it (only an unchanged session ends)', async () => {
    const r = rig();
    const s = await r.sessions.start(CONV, 'ona');
    r.clock.now = T0 + IDLE + 1;
    const [read] = await r.sessions.idleSince(r.clock.now - IDLE);
    expect(read?.userId).toBe('ona');
    await r.sessions.appendTurn(CONV, 'ona', { user: 'still here', assistant: 'ok' });
    expect(await r.sessions.endIfUnchanged(read ?? s)).toBe(false);
    expect(await r.sweep.sweep()).toBe(0);
    expect(await r.sessions.isActive(CONV, 'ona')).toBe(true);
  });
});
