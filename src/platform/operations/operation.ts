import type { Reply } from '../../chat/reply';
import type { Logger } from '../logging/logger';

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
  note?: string;
}

/** A long-running operation, persisted so it survives restarts and updates one card. */
export interface Operation {
  id: string;
  kind: string;
  environment: string;
  state: OperationState;
  params: Record<string, unknown>;
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

/** What a step reports after one call: finished, still waiting on the cloud, or failed. */
export type StepOutcome =
  | { status: 'done'; outputs?: Record<string, string>; note?: string }
  | { status: 'skipped'; note: string }
  | { status: 'waiting'; pollAfterMs: number; resumeToken?: string; note?: string }
  | { status: 'failed'; error: string };

export interface StepContext {
  readonly operation: Readonly<Operation>;
  /** Outputs of earlier steps (endpoint URLs, ids). */
  readonly outputs: Readonly<Record<string, string>>;
  /** Token saved by this step's previous 'waiting' outcome, e.g. an LRO poller state. */
  readonly resumeToken: string | undefined;
  readonly log: Logger;
}

export interface StepDefinition {
  id: string;
  title: string;
  /** Must be idempotent: re-running after a crash converges and never duplicates. */
  run(ctx: StepContext): Promise<StepOutcome>;
}

/** A kind of operation: its steps and how its card looks at any moment. */
export interface OperationKind {
  kind: string;
  steps(operation: Readonly<Operation>): readonly StepDefinition[];
  /** The single card that is updated in place as the operation advances. */
  render(operation: Readonly<Operation>, now: number): Reply;
  /** Optional message when it ends (e.g. mentioning the requester). */
  finished?(operation: Readonly<Operation>): Reply | undefined;
}
