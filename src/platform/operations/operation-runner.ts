import { randomUUID } from 'node:crypto';
import { translator, type Lang } from '../../chat/i18n';
import type { Reply } from '../../chat/reply';
import { describeError } from '../../services/describe-error';
import type { Logger } from '../logging/logger';
import type { Outbox } from '../outbox/outbox';
import {
  operationLockName,
  RUNNER_POSTED_CARD,
  type Operation,
  type StepOutcome,
} from './operation';
import type { OperationRepository } from './operation-repository';
import { checkAnswer, type CancelResult, type ConfirmResult, type PlanAnswer } from './plan-answer';
import type { RegisteredKind } from './registered-kind';

export type { CancelResult, ConfirmResult, PlanAnswer } from './plan-answer';

export interface RunnerOptions {
  now?: () => number;
  /** Longest sleep when nothing is due; confirm() also wakes the loop. */
  idleMs?: number;
  /** This process among the bot's replicas (hostname, pid, random); unique per start. */
  replicaId?: string;
  /** How long an operation stays this replica's without a heartbeat. */
  leaseMs?: number;
  /** How often the leases are renewed; a third of the lease by default. */
  heartbeatMs?: number;
  /**
   * The language of a conversation (its override, else the locale seen last in it), asked each
   * time a card or message is queued to it; English when not given.
   */
  languageOf?: (conversationId: string) => Promise<Lang>;
}

const lockName = operationLockName;

/**
 * Advances long-running operations one step call at a time, persisting after each call so
 * whoever runs it next resumes exactly where it stopped, and keeps one card per operation up to
 * date through the outbox. Turns never wait for it: dialogs create and confirm, the runner works.
 *
 * With several replicas on one store, an operation is run by the replica holding the lease on
 * its environment lock; a heartbeat renews it. When a replica dies, its lease runs out and
 * another replica's runner takes the operation over from the saved step and resume token
 * (a restart of the same process is the same case: it comes back as a new replica).
 */
export class OperationRunner {
  private readonly kinds: ReadonlyMap<string, RegisteredKind>;
  private readonly now: () => number;
  private readonly replicaId: string;
  private readonly leaseMs: number;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  /** Aborted by stop(): the step in flight saves its resume token and returns promptly. */
  private stopping = new AbortController();

  constructor(
    private readonly repo: OperationRepository,
    kinds: readonly RegisteredKind[],
    private readonly outbox: Outbox,
    private readonly log: Logger,
    private readonly options: RunnerOptions = {},
  ) {
    this.kinds = new Map(kinds.map((k) => [k.kind, k]));
    this.now = options.now ?? Date.now;
    this.replicaId = options.replicaId ?? randomUUID();
    this.leaseMs = options.leaseMs ?? 60_000;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    if (this.stopping.signal.aborted) this.stopping = new AbortController();
    this.loop = this.run();
    this.heartbeat = setInterval(
      () => {
        this.repo.renewLeases(this.replicaId, this.now() + this.leaseMs).catch((err: unknown) => {
          this.log.error({ err }, 'operation lease heartbeat failed');
        });
      },
      this.options.heartbeatMs ?? this.leaseMs / 3,
    );
  }

  /**
   * Cuts the step call in flight short (it saves its resume token; a long ARM step would
   * otherwise hold a SIGTERM for a whole slice), then hands this replica's operations back.
   */
  async stop(): Promise<void> {
    this.running = false;
    this.stopping.abort();
    this.wake?.();
    await this.loop;
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    try {
      await this.repo.releaseLeases(this.replicaId);
    } catch (err) {
      this.log.error({ err }, 'operation leases not released; they run out on their own');
    }
  }

  /**
   * Looks for due work now instead of after the idle sleep: an operation started with
   * startOperation (no confirm() to wake the loop) then takes its first step at once.
   */
  nudge(): void {
    this.wake?.();
  }

  /** The card for an operation as it stands, for replies and invoke responses, in `lang`. */
  render(op: Operation, lang: Lang = 'en'): Reply {
    const reply = this.kinds.get(op.kind)?.render(op, this.now(), lang);
    return (
      reply ?? { kind: 'text', text: translator(lang)('operation.cannotShow', { kind: op.kind }) }
    );
  }

  /** The language the operation's conversation reads; a store hiccup falls back to English. */
  private async langOf(op: Operation): Promise<Lang> {
    const of = this.options.languageOf;
    return of ? of(op.conversationId).catch(() => 'en' as const) : 'en';
  }

  /**
   * Moves a planned operation to running. Only the requester may confirm their plan, a plan
   * expires, and the environment lock keeps two provisions or cleanups from overlapping.
   */
  async confirm(id: string, answer: PlanAnswer): Promise<ConfirmResult> {
    const bound = await this.answered(id, answer);
    if (!bound.ok) return bound;
    const op = bound.operation;
    const { cardActivityId } = answer;
    const now = this.now();
    if (op.expiresAt !== undefined && now > op.expiresAt) {
      op.state = 'expired';
      await this.repo.save(op);
      return { ok: false, reason: 'expired', operation: op };
    }
    const holder = await this.repo.acquireLock(lockName(op), op);
    if (holder) return { ok: false, reason: 'locked', holder, operation: op };
    op.state = 'running';
    op.startedAt = now;
    op.nextRunAt = now;
    if (cardActivityId) op.cardActivityId = cardActivityId;
    op.cardVersion++;
    await this.repo.save(op);
    this.wake?.();
    return { ok: true, operation: op };
  }

  /** Cancels a plan; bound like `confirm`, so only its requester can cancel it, from there. */
  async cancel(id: string, answer: PlanAnswer): Promise<CancelResult> {
    const bound = await this.answered(id, answer);
    if (!bound.ok) return bound;
    const op = bound.operation;
    op.state = 'cancelled';
    op.finishedAt = this.now();
    await this.repo.save(op);
    return { ok: true, operation: op };
  }

  private async answered(id: string, answer: PlanAnswer): Promise<CancelResult> {
    return checkAnswer(await this.repo.get(id), answer);
  }

  /** Runs every due step call once; the loop calls it, and tests may call it directly. */
  async tick(): Promise<void> {
    const now = this.now();
    for (const op of await this.repo.due(now, this.replicaId)) {
      if (this.stopping.signal.aborted) return;
      // Another replica may have taken it since the query; only the lease holder steps it.
      const mine = await this.repo.takeLease(
        lockName(op),
        op,
        this.replicaId,
        now,
        now + this.leaseMs,
      );
      if (mine) await this.advance(op);
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.tick();
      } catch (err) {
        this.log.error({ err }, 'operation runner tick failed');
      }
      const next = await this.repo.nextDueAt(this.replicaId).catch(() => undefined);
      const idle = this.options.idleMs ?? 5_000;
      const wait = next === undefined ? idle : Math.min(idle, Math.max(10, next - this.now()));
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, wait);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  private async advance(op: Operation): Promise<void> {
    const kind = this.kinds.get(op.kind);
    if (!kind) {
      await this.finish(op, 'failed', `This bot version cannot run "${op.kind}" operations.`);
      return;
    }
    const steps = kind.steps(op);
    if (!steps) {
      await this.finish(op, 'failed', 'Its saved parameters are not valid for this bot version.');
      return;
    }
    const def = steps[op.currentStep];
    const progress = op.steps[op.currentStep];
    if (!def || !progress) {
      await this.finish(op, 'succeeded');
      return;
    }
    const log = this.log.child({ operationId: op.id, step: def.id });
    if (progress.status !== 'running') {
      progress.status = 'running';
      progress.startedAt = this.now();
      if (!(await this.publish(op))) return;
    }
    let outcome: StepOutcome;
    try {
      outcome = await def.run({
        operation: op,
        outputs: op.outputs,
        resumeToken: op.resumeToken,
        saveResumeToken: async (token) => {
          op.resumeToken = token;
          // A store hiccup must not fail the step: the token is saved again when it returns.
          await this.saveOwned(op).catch((err: unknown) => log.warn({ err }, 'token not saved'));
        },
        stopSignal: this.stopping.signal,
        log,
      });
    } catch (err) {
      log.error({ err }, 'step threw');
      outcome = {
        status: 'failed',
        error: describeError(err) ?? 'An unexpected error stopped this step; see the bot log.',
      };
    }
    const now = this.now();
    switch (outcome.status) {
      case 'waiting':
        op.resumeToken = outcome.resumeToken ?? op.resumeToken;
        op.nextRunAt = now + outcome.pollAfterMs;
        if (outcome.note !== undefined && outcome.note !== progress.note) {
          progress.note = outcome.note;
          await this.publish(op);
        } else {
          await this.saveOwned(op);
        }
        return;
      case 'done':
      case 'skipped':
        progress.status = outcome.status;
        progress.finishedAt = now;
        if (outcome.note !== undefined) progress.note = outcome.note;
        Object.assign(op.outputs, outcome.outputs ?? {});
        op.currentStep++;
        op.resumeToken = undefined;
        op.nextRunAt = now;
        if (op.currentStep >= steps.length) await this.finish(op, 'succeeded');
        else await this.publish(op);
        return;
      case 'failed':
        progress.status = 'failed';
        progress.finishedAt = now;
        progress.note = outcome.error;
        await this.finish(op, 'failed', outcome.error);
        return;
    }
  }

  private async finish(
    op: Operation,
    state: 'succeeded' | 'failed',
    error?: string,
  ): Promise<void> {
    op.state = state;
    op.finishedAt = this.now();
    op.error = error;
    if (!(await this.publish(op))) return;
    await this.repo.releaseLock(lockName(op), op.id);
    const message = await this.kinds.get(op.kind)?.finished(op, await this.langOf(op));
    if (message) {
      await this.outbox.enqueue({
        key: `op:${op.id}:finished`,
        conversationId: op.conversationId,
        kind: 'send',
        payload: message,
      });
    }
    this.log.info({ operationId: op.id, kind: op.kind, state, error }, 'operation finished');
  }

  /**
   * Saves while this replica still holds the lease. False when another replica took the
   * operation over (this one stalled past its lease): its result is dropped, since the new
   * holder re-runs the step from the saved token and every step is idempotent.
   */
  private async saveOwned(op: Operation): Promise<boolean> {
    if (await this.repo.saveOwned(op, this.replicaId)) return true;
    this.log.warn(
      { operationId: op.id },
      'operation lease lost to another replica; result dropped',
    );
    return false;
  }

  /** Saves, then queues the card update; only the newest pending update per card is kept. */
  private async publish(op: Operation): Promise<boolean> {
    op.cardVersion++;
    if (!(await this.saveOwned(op))) return false;
    if (!op.cardActivityId) return true;
    const payload = this.kinds.get(op.kind)?.render(op, this.now(), await this.langOf(op));
    if (!payload) return true;
    const posted = op.cardActivityId === RUNNER_POSTED_CARD;
    const root = `op:${op.id}:posted`;
    // A card nobody replied with: the first publish posts it (the key makes that once only);
    // later ones update that message once the outbox has delivered it.
    if (posted) {
      const send = { key: root, conversationId: op.conversationId, kind: 'send' as const };
      if (await this.outbox.enqueue({ ...send, payload })) return true;
    }
    await this.outbox.enqueueLatest(
      {
        key: `op:${op.id}:card:${op.cardVersion}`,
        conversationId: op.conversationId,
        kind: 'update',
        ...(posted ? { parentKey: root } : { targetActivityId: op.cardActivityId }),
        payload,
      },
      `op:${op.id}:card:`,
    );
    return true;
  }
}
