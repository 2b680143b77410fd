import { randomUUID } from 'node:crypto';
import type { Database } from '../../platform/store/database';

/** A recurring check a channel asked for (drift, and later MLflow runs), as stored. */
export interface Subscription {
  id: string;
  kind: string;
  /** The channel's base conversation id (no `;messageid=`): alerts start new posts there. */
  conversationId: string;
  /** '' when the kind's default target applies. */
  target: string;
  params: Record<string, unknown>;
  cron: string;
  timezone: string;
  /** Consecutive positive checks needed before alerting. */
  sustained: number;
  enabled: boolean;
  createdBy: string;
  createdAt: number;
}

export type SubscriptionInput = Omit<Subscription, 'id' | 'createdAt' | 'enabled'>;

interface Row {
  id: string;
  kind: string;
  conversation_id: string;
  target: string;
  params: string;
  cron: string;
  timezone: string;
  sustained: number;
  enabled: number;
  created_by: string;
  created_at: number;
}

const toSubscription = (r: Row): Subscription => ({
  id: r.id,
  kind: r.kind,
  conversationId: r.conversation_id,
  target: r.target,
  params: JSON.parse(r.params) as Record<string, unknown>,
  cron: r.cron,
  timezone: r.timezone,
  sustained: r.sustained,
  enabled: r.enabled === 1,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

/**
 * Subscriptions persist in the store so the scheduler can rebuild its jobs at start. One per
 * (kind, channel, target): subscribing again changes the schedule instead of adding a twin.
 */
export class SubscriptionRepository {
  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  /** Creates or updates; `created` is false when an existing subscription was changed. */
  upsert(input: SubscriptionInput): { subscription: Subscription; created: boolean } {
    const existing = this.find(input.kind, input.conversationId, input.target);
    if (existing) {
      this.db
        .prepare(
          'UPDATE subscriptions SET params = ?, cron = ?, timezone = ?, sustained = ?, enabled = 1 WHERE id = ?',
        )
        .run(
          JSON.stringify(input.params),
          input.cron,
          input.timezone,
          input.sustained,
          existing.id,
        );
      return { subscription: this.get(existing.id) ?? existing, created: false };
    }
    const id = randomUUID().slice(0, 8);
    this.db
      .prepare(
        `INSERT INTO subscriptions (id, kind, conversation_id, target, params, cron, timezone, sustained,
           enabled, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
      )
      .run(
        id,
        input.kind,
        input.conversationId,
        input.target,
        JSON.stringify(input.params),
        input.cron,
        input.timezone,
        input.sustained,
        input.createdBy,
        this.now(),
      );
    const created = this.get(id);
    if (!created) throw new Error('subscription vanished after insert');
    return { subscription: created, created: true };
  }

  get(id: string): Subscription | undefined {
    const row = this.db.prepare<[string], Row>('SELECT * FROM subscriptions WHERE id = ?').get(id);
    return row ? toSubscription(row) : undefined;
  }

  find(kind: string, conversationId: string, target: string): Subscription | undefined {
    const row = this.db
      .prepare<[string, string, string], Row>(
        'SELECT * FROM subscriptions WHERE kind = ? AND conversation_id = ? AND target = ?',
      )
      .get(kind, conversationId, target);
    return row ? toSubscription(row) : undefined;
  }

  /**
   * Pauses or resumes without losing the subscription: a kind that can no longer deliver
   * (the bot was removed from the channel) pauses it, so `subscriptions` still shows it and
   * subscribing again (upsert) resumes it. Returns false for an unknown id.
   */
  setEnabled(id: string, enabled: boolean): boolean {
    return (
      this.db.prepare('UPDATE subscriptions SET enabled = ? WHERE id = ?').run(enabled ? 1 : 0, id)
        .changes === 1
    );
  }

  remove(id: string): boolean {
    return this.db.prepare('DELETE FROM subscriptions WHERE id = ?').run(id).changes === 1;
  }

  /** Oldest first; filtered by channel and/or kind. */
  list(
    filter: { conversationId?: string; kind?: string; enabledOnly?: boolean } = {},
  ): Subscription[] {
    return this.db
      .prepare<[{ conv: string | null; kind: string | null; enabled: number }], Row>(
        `SELECT * FROM subscriptions WHERE (@conv IS NULL OR conversation_id = @conv)
           AND (@kind IS NULL OR kind = @kind) AND (@enabled = 0 OR enabled = 1) ORDER BY created_at, id`,
      )
      .all({
        conv: filter.conversationId ?? null,
        kind: filter.kind ?? null,
        enabled: filter.enabledOnly ? 1 : 0,
      })
      .map(toSubscription);
  }
}
