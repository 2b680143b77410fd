import type { z } from 'zod';
import type { Lang } from '../../chat/i18n';
import type { Reply } from '../../chat/reply';
import type { Logger } from '../logging/logger';
import type { StoredMessage } from '../../chat/stored-message';

/** What a step returns as a note or an error: plain text (shown as written) or a message. */
export type StepText = string | StoredMessage;

export type OperationState =
  'planned' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'expired';
export type StepStatus = 'pending' | 'running' | 'done' | 'failed' | 'skipped';

/** One step's progress as shown on the card. */
export interface StepProgress {
  id: string;
  title: string;
  status: StepStatus;
  startedAt?: number;
  finishedAt?: number;
  /** The note, or the error of a failed step, in English (rows written before `message` too). */
  note?: string;
  /** The same text as a message, said in the card's language when present (see step-text.ts). */
  message?: StoredMessage;
}

/**
 * A long-running operation, persisted so it survives restarts and updates one card. `params`
 * is stored JSON; its kind's schema checks it before anything reads it (see TypedOperation).
 */
export interface Operation {
  id: string;
  kind: string;
  environment: string;
  state: OperationState;
  params: unknown;
  plan: string | undefined;
  steps: StepProgress[];
  outputs: Record<string, string>;
  currentStep: number;
  resumeToken: string | undefined;
  nextRunAt: number;
  requesterId: string;
  requesterName: string | undefined;
  conversationId: string;
  cardActivityId: string | undefined;
  cardVersion: number;
  error: string | undefined;
  expiresAt: number | undefined;
  startedAt: number | undefined;
  finishedAt: number | undefined;
  createdAt: number;
}

/**
 * `cardActivityId` of an operation started without a turn to answer (e.g. by another
 * operation): the runner posts its card itself through the outbox, then updates that message.
 */
export const RUNNER_POSTED_CARD = 'runner-posted';

/** The lock one operation per environment holds while it is planned-and-confirmed or running. */
export const operationLockName = (op: Pick<Operation, 'environment'>): string =>
  `environment:${op.environment}`;

/** An operation whose params passed its kind's schema. */
export type TypedOperation<P> = Readonly<Omit<Operation, 'params'>> & { readonly params: P };

/** What a step reports after one call: finished, still waiting on the cloud, or failed. */
export type StepOutcome =
  | { status: 'done'; outputs?: Record<string, string>; note?: StepText }
  | { status: 'skipped'; note: StepText; outputs?: Record<string, string> }
  | { status: 'waiting'; pollAfterMs: number; resumeToken?: string; note?: StepText }
  | { status: 'failed'; error: StepText };

export interface StepContext<P> {
  readonly operation: TypedOperation<P>;
  /** Outputs of earlier steps (endpoint URLs, ids); a step may also record offers here. */
  readonly outputs: Record<string, string>;
  /** Token saved by this step's previous 'waiting' outcome, e.g. an LRO poller state. */
  readonly resumeToken: string | undefined;
  /**
   * Persists a resume token right away, before the step returns: a crash after a create was
   * accepted then resumes polling it instead of sending the create again.
   */
  readonly saveResumeToken?: (token: string) => Promise<void>;
  /** Aborted when the runner stops: a waiting step hands back its token now ('waiting'). */
  readonly stopSignal?: AbortSignal;
  readonly log: Logger;
}

/** One step: its title depends on the params only, so a plan lists the steps before any run. */
export interface StepDefinition<P, D> {
  id: string;
  title: string;
  /** Must be idempotent: re-running after a crash converges and never duplicates. */
  run(ctx: StepContext<P>, deps: D): Promise<StepOutcome>;
}

/**
 * A kind of operation as data: its name, the schema of its params and its steps. Pure, so a
 * dialog can plan with it; the outside world (`D`) is bound only when the kind is registered.
 */
export interface OperationType<P, D> {
  readonly kind: string;
  readonly params: z.ZodType<P>;
  steps(params: P): readonly StepDefinition<P, D>[];
  /**
   * The step titles in another language, by step id. Steps store their titles (English) when
   * the plan is made; a card in another language shows these instead.
   */
  stepTitles?(params: P, lang: Lang): Readonly<Record<string, string>>;
  /** Side effects when an operation of this kind ends (e.g. its audit entry). */
  finished?(operation: TypedOperation<P>, deps: D): Promise<void>;
}

/** How an operation of one kind looks in chat; supplied by the feature's chat side. */
export interface OperationView<P> {
  /** The single card that is updated in place as the operation advances, in `lang`. */
  render(operation: TypedOperation<P>, now: number, lang: Lang): Reply;
  /** Optional message when it ends (e.g. mentioning the requester), in `lang`. */
  finished?(operation: TypedOperation<P>, lang: Lang): Reply | undefined;
}

/** The pending step list a new operation of `type` starts with. */
export function plannedSteps<P>(type: OperationType<P, unknown>, params: P): StepProgress[] {
  return type.steps(params).map((s) => ({ id: s.id, title: s.title, status: 'pending' }));
}

/** Params of a stored operation if it is of `type` and they pass its schema. */
export function typedOperation<P>(
  type: Pick<OperationType<P, never>, 'kind' | 'params'>,
  op: Operation,
): TypedOperation<P> | undefined {
  if (op.kind !== type.kind) return undefined;
  const parsed = type.params.safeParse(op.params);
  return parsed.success ? { ...op, params: parsed.data } : undefined;
}
