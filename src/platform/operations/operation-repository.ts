import { randomUUID } from 'node:crypto';
import type { Database } from '../store/database';
import type { Operation, OperationState, StepProgress } from './operation';

interface Row {
  id: string;
  kind: string;
  environment: string;
  state: OperationState;
  params: string;
  plan: string | null;
  steps: string;
  outputs: string;
  current_step: number;
  resume_token: string | null;
  next_run_at: number;
  requester_id: string;
  requester_name: string | null;
  conversation_id: string;
  card_activity_id: string | null;
  card_version: number;
  error: string | null;
  expires_at: number | null;
  started_at: number | null;
  finished_at: number | null;
  created_at: number;
}

const toOperation = (r: Row): Operation => ({
  id: r.id,
  kind: r.kind,
  environment: r.environment,
  state: r.state,
  params: JSON.parse(r.params) as unknown,
  plan: r.plan ?? undefined,
  steps: JSON.parse(r.steps) as StepProgress[],
  outputs: JSON.parse(r.outputs) as Record<string, string>,
  currentStep: r.current_step,
  resumeToken: r.resume_token ?? undefined,
  nextRunAt: r.next_run_at,
  requesterId: r.requester_id,
  requesterName: r.requester_name ?? undefined,
  conversationId: r.conversation_id,
  cardActivityId: r.card_activity_id ?? undefined,
  cardVersion: r.card_version,
  error: r.error ?? undefined,
  expiresAt: r.expires_at ?? undefined,
  startedAt: r.started_at ?? undefined,
  finishedAt: r.finished_at ?? undefined,
  createdAt: r.created_at,
});

export interface NewOperation {
  kind: string;
  environment: string;
  params: object;
  plan?: string;
  steps: StepProgress[];
  requesterId: string;
  requesterName: string | undefined;
  conversationId: string;
  /** Plans expire: a confirmation an hour later would act on a stale plan. */
  ttlMs: number;
}

/** Persisted operations and the per-environment locks that keep two of them apart. */
export class OperationRepository {
  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  create(n: NewOperation): Operation {
    const now = this.now();
    const id = randomUUID();
    this.db
      .prepare(
        `INSERT INTO operations (id, kind, environment, state, params, plan, steps, outputs, next_run_at,
           requester_id, requester_name, conversation_id, expires_at, created_at, updated_at)
         VALUES (?, ?, ?, 'planned', ?, ?, ?, '{}', ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        n.kind,
        n.environment,
        JSON.stringify(n.params),
        n.plan ?? null,
        JSON.stringify(n.steps),
        now,
        n.requesterId,
        n.requesterName ?? null,
        n.conversationId,
        now + n.ttlMs,
        now,
        now,
      );
    return this.require(id);
  }

  get(id: string): Operation | undefined {
    const row = this.db.prepare<[string], Row>('SELECT * FROM operations WHERE id = ?').get(id);
    return row ? toOperation(row) : undefined;
  }

  require(id: string): Operation {
    const op = this.get(id);
    if (!op) throw new Error(`operation ${id} does not exist`);
    return op;
  }

  /** Running operations whose next poll is due, oldest first. */
  due(now: number): Operation[] {
    return this.db
      .prepare<[number], Row>(
        "SELECT * FROM operations WHERE state = 'running' AND next_run_at <= ? ORDER BY next_run_at",
      )
      .all(now)
      .map(toOperation);
  }

  nextDueAt(): number | undefined {
    return (
      this.db
        .prepare<[], { at: number | null }>(
          "SELECT MIN(next_run_at) AS at FROM operations WHERE state = 'running'",
        )
        .get()?.at ?? undefined
    );
  }

  latest(environment: string, limit = 10): Operation[] {
    return this.db
      .prepare<[string, number], Row>(
        'SELECT * FROM operations WHERE environment = ? ORDER BY created_at DESC LIMIT ?',
      )
      .all(environment, limit)
      .map(toOperation);
  }

  /** Saves everything the runner changes, bumping the card version so updates stay ordered. */
  save(op: Operation): void {
    this.db
      .prepare(
        `UPDATE operations SET state = ?, steps = ?, outputs = ?, current_step = ?, resume_token = ?,
           next_run_at = ?, card_activity_id = ?, card_version = ?, error = ?, started_at = ?,
           finished_at = ?, updated_at = ? WHERE id = ?`,
      )
      .run(
        op.state,
        JSON.stringify(op.steps),
        JSON.stringify(op.outputs),
        op.currentStep,
        op.resumeToken ?? null,
        op.nextRunAt,
        op.cardActivityId ?? null,
        op.cardVersion,
        op.error ?? null,
        op.startedAt ?? null,
        op.finishedAt ?? null,
        this.now(),
        op.id,
      );
  }

  /**
   * Takes the environment's lock for an operation. Returns undefined on success, or the
   * operation that holds it, so the caller can say who.
   */
  acquireLock(name: string, op: Operation): Operation | undefined {
    return this.db.transaction(() => {
      const held = this.db
        .prepare<[string], { operation_id: string }>(
          'SELECT operation_id FROM locks WHERE name = ?',
        )
        .get(name);
      if (held && held.operation_id !== op.id) {
        const holder = this.get(held.operation_id);
        if (holder && (holder.state === 'running' || holder.state === 'planned')) return holder;
        this.db.prepare('DELETE FROM locks WHERE name = ?').run(name);
      }
      this.db
        .prepare(
          'INSERT OR REPLACE INTO locks (name, operation_id, holder_name, acquired_at) VALUES (?, ?, ?, ?)',
        )
        .run(name, op.id, op.requesterName ?? op.requesterId, this.now());
      return undefined;
    })();
  }

  releaseLock(name: string, operationId: string): void {
    this.db.prepare('DELETE FROM locks WHERE name = ? AND operation_id = ?').run(name, operationId);
  }
}
