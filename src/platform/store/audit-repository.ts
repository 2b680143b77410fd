import type { Selectable } from 'kysely';
import type { Store } from './store';
import type { AuditLogTable } from './tables';

export type AuditResult = 'ok' | 'denied' | 'failed' | 'cancelled' | 'planned' | 'approved';

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

const toEntry = (r: Selectable<AuditLogTable>): AuditEntry => ({
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
});

/** Append-only record of who did what; written for every mutating or denied command. */
export class AuditRepository {
  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  async append(e: AuditInput): Promise<AuditEntry> {
    const at = this.now();
    const { id } = await this.store.db
      .insertInto('audit_log')
      .values({
        at,
        actor_id: e.actorId,
        actor_name: e.actorName ?? null,
        conversation_id: e.conversationId ?? null,
        action: e.action,
        plan: e.plan ?? null,
        result: e.result,
        detail: e.detail ?? null,
        duration_ms: e.durationMs ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { ...e, id: Number(id), at };
  }

  async latest(limit = 20): Promise<AuditEntry[]> {
    const rows = await this.store.db
      .selectFrom('audit_log')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toEntry);
  }
}
