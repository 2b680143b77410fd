import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { driftAlertMessages } from '../../src/cards/drift-alert-messages';
import type { DatabricksJobs } from '../../src/services/databricks/jobs';
import {
  DriftMonitor,
  type DriftMonitorSettings,
} from '../../src/workflows/drift-monitor/drift-monitor';
import {
  IncidentActions,
  type IncidentActionsDeps,
} from '../../src/workflows/drift-monitor/incident-actions';
import { IncidentRepository } from '../../src/workflows/drift-monitor/incident-repository';
import { LogWindowSource } from '../../src/workflows/drift-monitor/log-window-source';
import type { InferenceWindowSource } from '../../src/workflows/drift-monitor/window-source';
import { InferenceLogRepository } from '../../src/workflows/prompting/inference-log-repository';
import { createLogger } from '../../src/platform/logging/logger';
import { Outbox } from '../../src/platform/outbox/outbox';
import { OutboxDispatcher } from '../../src/platform/outbox/outbox-dispatcher';
import { OutboxRepository } from '../../src/platform/outbox/outbox-repository';
import type { ProactiveSender } from '../../src/platform/outbox/proactive-sender';
import { Scheduler } from '../../src/platform/scheduler/scheduler';
import type { SqliteDatabase as Database } from '../../src/platform/store/sqlite-database';
import type { Store } from '../../src/platform/store/store';
import { ConversationRepository } from '../../src/platform/store/conversation-repository';
import { openSqliteStore, type SqliteStore } from '../../src/platform/store/sqlite-store';
import { SubscriptionKindRegistry } from '../../src/workflows/subscriptions/subscription-kinds';
import {
  SubscriptionRepository,
  type Subscription,
} from '../../src/workflows/subscriptions/subscription-repository';
import { SubscriptionService } from '../../src/workflows/subscriptions/subscription-service';

export const log = createLogger((process.env.RIG_LOG as 'silent') ?? 'silent');
export const HOUR = 3_600_000;

/** Deterministic pseudo-random numbers (LCG), so windows are the same on every run. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export interface Shape {
  latency: number;
  completion: number;
  prompt: number;
  errorRate?: number;
  seed?: number;
}

/** A sender that must never be called: these rigs inspect the outbox, not a connector. */
const noSender: ProactiveSender = {
  send: () => Promise.reject(new Error('not in this rig')),
  update: () => Promise.reject(new Error('not in this rig')),
  postToChannel: () => Promise.reject(new Error('not in this rig')),
};

export interface DriftRig {
  db: Database;
  store: SqliteStore;
  dir: string;
  clock: { now: number };
  /** Where a test records a channel's locale (alerts render in its language). */
  conversations: ConversationRepository;
  inferenceLog: InferenceLogRepository;
  outboxRepo: OutboxRepository;
  outbox: Outbox;
  scheduler: Scheduler;
  incidents: IncidentRepository;
  monitor: DriftMonitor;
  actions: IncidentActions;
  subscriptions: SubscriptionService;
  /** Writes `n` predictions for `target` spread over [from, to). */
  seed(target: string, from: number, to: number, n: number, shape: Shape): Promise<void>;
  close(): void;
}

export function driftRig(
  o: {
    dir?: string;
    start?: number;
    settings?: Partial<DriftMonitorSettings>;
    source?: (log: InferenceLogRepository) => InferenceWindowSource;
    jobs?: DatabricksJobs;
    /** Pause between polls of a retraining run (1 ms by default). */
    retrainPollMs?: number;
    /** Hands retraining watches to an operations runner (in-process polling otherwise). */
    watchRun?: IncidentActionsDeps['watchRun'];
    /** Where incidents and subscriptions live (another replica's database); the rig's own file by default. */
    store?: Store;
  } = {},
): DriftRig {
  const dir = o.dir ?? mkdtempSync(path.join(os.tmpdir(), 'drift-rig-'));
  const store = openSqliteStore(dir);
  const db = store.sqlite;
  const clock = { now: o.start ?? Date.parse('2026-11-30T12:00:00Z') };
  const now = () => clock.now;
  const inferenceLog = new InferenceLogRepository(store, { redactText: true, now });
  const outboxRepo = new OutboxRepository(store, now);
  const outbox = new Outbox(outboxRepo, new OutboxDispatcher(outboxRepo, noSender, log));
  const scheduler = new Scheduler(store, log, { now });
  const incidents = new IncidentRepository(o.store ?? store);
  // Alerts read in the language of their conversation: a channel captured with fr-FR gets French.
  const conversations = new ConversationRepository(o.store ?? store, now);
  const monitor = new DriftMonitor({
    source: o.source ? o.source(inferenceLog) : new LogWindowSource(inferenceLog),
    incidents,
    outbox,
    render: driftAlertMessages,
    languageOf: (id) => conversations.languageOf(id),
    log,
    now,
    settings: {
      currentHours: 1,
      reference: { kind: 'previous' },
      features: ['latency_ms', 'completion_tokens', 'prompt_tokens', 'status'],
      maxDistinct: 20_000,
      defaultTarget: 'gpt-test',
      owner: undefined,
      retrainJobId: undefined,
      ...o.settings,
    },
  });
  const repo = new SubscriptionRepository(o.store ?? store, now);
  const subscriptions = new SubscriptionService(
    repo,
    new SubscriptionKindRegistry().register(monitor.subscriptionKind()),
    scheduler,
    log,
  );
  const actions = new IncidentActions({
    monitor,
    incidents,
    subscriptions: repo,
    outbox,
    render: driftAlertMessages,
    jobs: o.jobs,
    log,
    retrainPollMs: o.retrainPollMs ?? 1,
    ...(o.watchRun ? { watchRun: o.watchRun } : {}),
  });
  return {
    db,
    store,
    dir,
    clock,
    conversations,
    inferenceLog,
    outboxRepo,
    outbox,
    scheduler,
    incidents,
    monitor,
    actions,
    subscriptions,
    async seed(target, from, to, n, shape) {
      const r = rng(shape.seed ?? 1);
      const saved = clock.now;
      for (let i = 0; i < n; i++) {
        clock.now = from + Math.floor(((to - from) * i) / n);
        const error = r() < (shape.errorRate ?? 0);
        await inferenceLog.record({
          source: 'ask',
          target: {
            name: target,
            kind: 'azure-openai',
            baseUrl: 'http://127.0.0.1',
            model: 'gpt-4o-mini',
          },
          prompt: 'x'.repeat(10 + Math.floor(r() * 50)),
          result: {
            status: error ? 'error' : 'ok',
            text: 'y'.repeat(20 + Math.floor(r() * 100)),
            finishReason: 'stop',
            usage: {
              prompt: Math.round(shape.prompt * (0.8 + r() * 0.4)),
              completion: Math.round(shape.completion * (0.8 + r() * 0.4)),
              total: 0,
            },
            latencyMs: shape.latency * (0.8 + r() * 0.4),
          },
          userId: undefined,
          conversationId: undefined,
        });
      }
      clock.now = saved;
    },
    close() {
      if (db.open) db.close();
      if (!o.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Subscribes `channel` to hourly drift checks of gpt-test (through the rig's service). */
export async function subscribeDrift(r: DriftRig, channel: string): Promise<Subscription> {
  const { subscription } = await r.subscriptions.subscribe({
    kind: 'drift',
    conversationId: channel,
    target: 'gpt-test',
    params: {},
    cron: '0 * * * *',
    timezone: 'UTC',
    sustained: 1,
    createdBy: 'admin',
  });
  return subscription;
}

/** Outbox rows by kind, for assertions. */
export function outboxRows(r: DriftRig): { key: string; kind: string; text: string }[] {
  return r.db
    .prepare<[], { key: string; kind: string; payload: string }>(
      'SELECT key, kind, payload FROM outbox ORDER BY created_at, key',
    )
    .all()
    .map((row) => {
      const p = JSON.parse(row.payload) as { kind: string; text?: string; card?: unknown };
      return { key: row.key, kind: row.kind, text: p.text ?? JSON.stringify(p.card ?? '') };
    });
}
