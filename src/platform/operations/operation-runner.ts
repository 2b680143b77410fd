import { randomUUID } from 'node:crypto';
import { translator, type Lang } from '../../chat/i18n';
import type { Reply } from '../../chat/reply';
import type { Logger } from '../logging/logger';
import type { Outbox } from '../outbox/outbox';
import { operationLockName, type Operation, type StepOutcome } from './operation';
import { OperationPublisher } from './operation-publisher';
import type { OperationRepository } from './operation-repository';
import { checkAnswer, type CancelResult, type ConfirmResult, type PlanAnswer } from './plan-answer';
import type { RegisteredKind } from './registered-kind';
import { englishOf, setStepText, stepErrorMessage, stepTextChanged } from './step-text';

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
 * The runner's own failures are stored in English, like every `error`; src/cards/step-notes.ts
 * finds their catalogue key again to say them in the card's language.
 */
const en = translator('en');

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
  private readonly publisher: OperationPublisher;

  constructor(
    private readonly repo: OperationRepository,
    kinds: readonly RegisteredKind[],
    outbox: Outbox,
    private readonly log: Logger,
    private readonly options: RunnerOptions = {},
  ) {
    this.kinds = new Map(kinds.map((k) => [k.kind, k]));
    this.now = options.now ?? Date.now;
    this.replicaId = options.replicaId ?? randomUUID();
    this.leaseMs = options.leaseMs ?? 60_000;
    this.publisher = new OperationPublisher(repo, this.kinds, outbox, log, {
      replicaId: this.replicaId,
      now: this.now,
      languageOf: options.languageOf,
    });
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
      await this.publisher.finish(
        op,
        'failed',
        en('opsNotes.runner.unknownKind', { kind: op.kind }),
      );
      return;
    }
    const steps = kind.steps(op);
    if (!steps) {
      await this.publisher.finish(op, 'failed', en('opsNotes.runner.invalidParams'));
      return;
    }
    const def = steps[op.currentStep];
    const progress = op.steps[op.currentStep];
    if (!def || !progress) {
      await this.publisher.finish(op, 'succeeded');
      return;
    }
    const log = this.log.child({ operationId: op.id, step: def.id });
    if (progress.status !== 'running') {
      progress.status = 'running';
      progress.startedAt = this.now();
      if (!(await this.publisher.publish(op))) return;
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
          await this.publisher
            .saveOwned(op)
            .catch((err: unknown) => log.warn({ err }, 'token not saved'));
        },
        stopSignal: this.stopping.signal,
        log,
      });
    } catch (err) {
      log.error({ err }, 'step threw');
      outcome = { status: 'failed', error: stepErrorMessage(err, 'opsNotes.runner.stepThrew') };
    }
    const now = this.now();
    switch (outcome.status) {
      case 'waiting':
        op.resumeToken = outcome.resumeToken ?? op.resumeToken;
        op.nextRunAt = now + outcome.pollAfterMs;
        if (outcome.note !== undefined && stepTextChanged(progress, outcome.note)) {
          setStepText(progress, outcome.note);
          await this.publisher.publish(op);
        } else {
          await this.publisher.saveOwned(op);
        }
        return;
      case 'done':
      case 'skipped':
        progress.status = outcome.status;
        progress.finishedAt = now;
        if (outcome.note !== undefined) setStepText(progress, outcome.note);
        Object.assign(op.outputs, outcome.outputs ?? {});
        op.currentStep++;
        op.resumeToken = undefined;
        op.nextRunAt = now;
        if (op.currentStep >= steps.length) await this.publisher.finish(op, 'succeeded');
        else await this.publisher.publish(op);
        return;
      case 'failed':
        progress.status = 'failed';
        progress.finishedAt = now;
        setStepText(progress, outcome.error);
        await this.publisher.finish(op, 'failed', englishOf(outcome.error));
        return;
    }
  }
}
