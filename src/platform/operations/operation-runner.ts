import { actorKey, type Actor } from '../../chat/actor';
import { channelOf } from '../../chat/conversation-id';
import type { Reply } from '../../chat/reply';
import { describeError } from '../../services/describe-error';
import type { Logger } from '../logging/logger';
import type { Outbox } from '../outbox/outbox';
import type { Operation, StepOutcome } from './operation';
import type { OperationRepository } from './operation-repository';
import type { RegisteredKind } from './registered-kind';

export type ConfirmResult =
  | { ok: true; operation: Operation }
  | {
      ok: false;
      reason: 'unknown' | 'expired' | 'not-planned' | 'not-requester' | 'elsewhere';
      operation?: Operation;
    }
  | { ok: false; reason: 'locked'; holder: Operation; operation: Operation };

export type CancelResult =
  | { ok: true; operation: Operation }
  | { ok: false; reason: 'unknown' }
  | { ok: false; reason: 'not-planned' | 'not-requester' | 'elsewhere'; operation: Operation };

/**
 * Who answers a plan, and from where. A confirmation is bound to the plan's kind (a button of
 * one kind can never start another: cleanup's typed check cannot be skipped by sending
 * provision's verb), to its requester, and to the conversation the plan was shown in.
 */
export interface PlanAnswer {
  kind: string;
  actor: Actor;
  conversationId: string;
  /** The message holding the clicked card, to update it in place later. */
  cardActivityId?: string | undefined;
}

const sameConversation = (a: string, b: string) => channelOf(a) === channelOf(b);

export interface RunnerOptions {
  now?: () => number;
  /** Longest sleep when nothing is due; confirm() also wakes the loop. */
  idleMs?: number;
}

const lockName = (op: Operation) => `environment:${op.environment}`;

/**
 * Advances long-running operations one step call at a time, persisting after each call so
 * a restart resumes exactly where it stopped, and keeps one card per operation up to date
 * through the outbox. Turns never wait for it: dialogs create and confirm, the runner works.
 */
export class OperationRunner {
  private readonly kinds: ReadonlyMap<string, RegisteredKind>;
  private readonly now: () => number;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly repo: OperationRepository,
    kinds: readonly RegisteredKind[],
    private readonly outbox: Outbox,
    private readonly log: Logger,
    private readonly options: RunnerOptions = {},
  ) {
    this.kinds = new Map(kinds.map((k) => [k.kind, k]));
    this.now = options.now ?? Date.now;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** The card for an operation as it stands, for replies and invoke responses. */
  render(op: Operation): Reply {
    const reply = this.kinds.get(op.kind)?.render(op, this.now());
    return reply ?? { kind: 'text', text: `This bot version cannot show "${op.kind}" operations.` };
  }

  /**
   * Moves a planned operation to running. Only the requester may confirm their plan, a plan
   * expires, and the environment lock keeps two provisions or cleanups from overlapping.
   */
  confirm(id: string, answer: PlanAnswer): ConfirmResult {
    const bound = this.answered(id, answer);
    if (!bound.ok) return bound;
    const op = bound.operation;
    const { cardActivityId } = answer;
    const now = this.now();
    if (op.expiresAt !== undefined && now > op.expiresAt) {
      op.state = 'expired';
      this.repo.save(op);
      return { ok: false, reason: 'expired', operation: op };
    }
    const holder = this.repo.acquireLock(lockName(op), op);
    if (holder) return { ok: false, reason: 'locked', holder, operation: op };
    op.state = 'running';
    op.startedAt = now;
    op.nextRunAt = now;
    if (cardActivityId) op.cardActivityId = cardActivityId;
    op.cardVersion++;
    this.repo.save(op);
    this.wake?.();
    return { ok: true, operation: op };
  }

  /** Cancels a plan; bound like `confirm`, so only its requester can cancel it, from there. */
  cancel(id: string, answer: PlanAnswer): CancelResult {
    const bound = this.answered(id, answer);
    if (!bound.ok) return bound;
    const op = bound.operation;
    op.state = 'cancelled';
    op.finishedAt = this.now();
    this.repo.save(op);
    return { ok: true, operation: op };
  }

  /** The plan an answer may act on: of its kind, still planned, its requester's, from there. */
  private answered(id: string, answer: PlanAnswer): CancelResult {
    const op = this.repo.get(id);
    if (!op || op.kind !== answer.kind) return { ok: false, reason: 'unknown' };
    if (op.state !== 'planned') return { ok: false, reason: 'not-planned', operation: op };
    if (actorKey(answer.actor) !== op.requesterId) {
      return { ok: false, reason: 'not-requester', operation: op };
    }
    if (!sameConversation(answer.conversationId, op.conversationId)) {
      return { ok: false, reason: 'elsewhere', operation: op };
    }
    return { ok: true, operation: op };
  }

  /** Runs every due step call once; the loop calls it, and tests may call it directly. */
  async tick(): Promise<void> {
    for (const op of this.repo.due(this.now())) await this.advance(op);
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.tick();
      } catch (err) {
        this.log.error({ err }, 'operation runner tick failed');
      }
      const next = this.repo.nextDueAt();
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
      await this.publish(op);
    }
    let outcome: StepOutcome;
    try {
      outcome = await def.run({
        operation: op,
        outputs: op.outputs,
        resumeToken: op.resumeToken,
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
          this.repo.save(op);
        }
        return;
      case 'done':
      case 'skipped':
        progress.status = outcome.status;
        progress.finishedAt = now;
        if (outcome.note !== undefined) progress.note = outcome.note;
        if (outcome.status === 'done') Object.assign(op.outputs, outcome.outputs ?? {});
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
    this.repo.releaseLock(lockName(op), op.id);
    await this.publish(op);
    const message = this.kinds.get(op.kind)?.finished(op);
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

  /** Saves, then queues the card update; only the newest pending update per card is kept. */
  private async publish(op: Operation): Promise<void> {
    op.cardVersion++;
    this.repo.save(op);
    if (!op.cardActivityId) return;
    const payload = this.kinds.get(op.kind)?.render(op, this.now());
    if (!payload) return;
    await this.outbox.enqueueLatest(
      {
        key: `op:${op.id}:card:${op.cardVersion}`,
        conversationId: op.conversationId,
        kind: 'update',
        targetActivityId: op.cardActivityId,
        payload,
      },
      `op:${op.id}:card:`,
    );
  }
}
