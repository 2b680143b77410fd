import type { Database } from './database';

export type AuditResult = 'ok' | 'denied' | 'failed' | 'cancelled' | 'planned';

export interface AuditEntry {
  id: number;
  at: number;
  actorId: string;
  actorName: string | undefined;
  conversationId: string | undefined;
  action: string;
  plan: string | undefined;
  result: AuditResult;
  detail: string | undefined;
  durationMs: number | undefined;
}

export type AuditInput = Omit<AuditEntry, 'id' | 'at'>;

interface Row {
  id: number;
  at: number;
  actor_id: string;
  actor_name: string | null;
  conversation_id: string | null;
  action: string;
  plan: string | null;
  result: string;
  detail: string | null;
  duration_ms: number | null;
}

/** Append-only record of who did what; written for every mutating or denied command. */
export class AuditRepository {
  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  append(e: AuditInput): AuditEntry {
    const at = this.now();
    const info = this.db
      .prepare(
        `INSERT INTO audit_log (at, actor_id, actor_name, conversation_id, action, plan, result, detail, duration_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        at,
        e.actorId,
        e.actorName ?? null,
        e.conversationId ?? null,
        e.action,
        e.plan ?? null,
        e.result,
        e.detail ?? null,
        e.durationMs ?? null,
      );
    return { ...e, id: Number(info.lastInsertRowid), at };
  }

  latest(limit = 20): AuditEntry[] {
    return this.db
      .prepare<[number], Row>('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?')
      .all(limit)
      .map((r) => ({
        id: r.id,
        at: r.at,
        actorId: r.actor_id,
        actorName: r.actor_name ?? undefined,
        conversationId: r.conversation_id ?? undefined,
        action: r.action,
        plan: r.plan ?? undefined,
        result: r.result as AuditResult,
        detail: r.detail ?? undefined,
        durationMs: r.duration_ms ?? undefined,
      }));
  }
}
