import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Store } from '../../platform/store/store';
import type { SubscriptionsTable } from '../../platform/store/tables';

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

const toSubscription = (r: Selectable<SubscriptionsTable>): Subscription => ({
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
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Creates or updates; `created` is false when an existing subscription was changed. One
   * statement on the (kind, channel, target) key, so two replicas subscribing the same channel
   * at once end with one subscription, not a unique-key error.
   */
  async upsert(
    input: SubscriptionInput,
  ): Promise<{ subscription: Subscription; created: boolean }> {
    const id = randomUUID().slice(0, 8);
    const params = JSON.stringify(input.params);
    const row = await this.store.db
      .insertInto('subscriptions')
      .values({
        id,
        kind: input.kind,
        conversation_id: input.conversationId,
        target: input.target,
        params,
        cron: input.cron,
        timezone: input.timezone,
        sustained: input.sustained,
        enabled: 1,
        created_by: input.createdBy,
        created_at: this.now(),
      })
      .onConflict((oc) =>
        oc.columns(['kind', 'conversation_id', 'target']).doUpdateSet({
          params,
          cron: input.cron,
          timezone: input.timezone,
          sustained: input.sustained,
          enabled: 1,
        }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    return { subscription: toSubscription(row), created: row.id === id };
  }

  async get(id: string): Promise<Subscription | undefined> {
    const row = await this.store.db
      .selectFrom('subscriptions')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toSubscription(row) : undefined;
  }

  async find(
    kind: string,
    conversationId: string,
    target: string,
  ): Promise<Subscription | undefined> {
    const row = await this.store.db
      .selectFrom('subscriptions')
      .selectAll()
      .where('kind', '=', kind)
      .where('conversation_id', '=', conversationId)
      .where('target', '=', target)
      .executeTakeFirst();
    return row ? toSubscription(row) : undefined;
  }

  /**
   * Pauses or resumes without losing the subscription: a kind that can no longer deliver
   * (the bot was removed from the channel) pauses it, so `subscriptions` still shows it and
   * subscribing again (upsert) resumes it. Returns false for an unknown id.
   */
  async setEnabled(id: string, enabled: boolean): Promise<boolean> {
    const res = await this.store.db
      .updateTable('subscriptions')
      .set({ enabled: enabled ? 1 : 0 })
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  async remove(id: string): Promise<boolean> {
    const res = await this.store.db
      .deleteFrom('subscriptions')
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(res.numDeletedRows) === 1;
  }

  /** Oldest first; filtered by channel and/or kind. */
  async list(
    filter: { conversationId?: string; kind?: string; enabledOnly?: boolean } = {},
  ): Promise<Subscription[]> {
    let q = this.store.db.selectFrom('subscriptions').selectAll();
    if (filter.conversationId !== undefined)
      q = q.where('conversation_id', '=', filter.conversationId);
    if (filter.kind !== undefined) q = q.where('kind', '=', filter.kind);
    if (filter.enabledOnly) q = q.where('enabled', '=', 1);
    const rows = await q.orderBy('created_at').orderBy('id').execute();
    return rows.map(toSubscription);
  }
}
