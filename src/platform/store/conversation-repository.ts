import type { Insertable, Selectable } from 'kysely';
import type { Store } from './store';
import type { ConversationsTable } from './tables';
import { channelOf } from '../../chat/conversation-id';
import { langOf, type Lang } from '../../chat/i18n';

export type ConversationType = 'personal' | 'groupChat' | 'channel';

/**
 * Our own neutral record of a conversation: everything a proactive send needs, and nothing
 * SDK-specific, so a move off botbuilder does not strand stored data.
 */
export interface ConversationRecord {
  conversationId: string;
  serviceUrl: string;
  channelId: string;
  tenantId: string | undefined;
  teamId: string | undefined;
  teamsChannelId: string | undefined;
  conversationType: ConversationType;
  botId: string;
  botName: string | undefined;
  locale: string | undefined;
  /** Set with the `language` command; undefined follows the Teams locale. */
  languageOverride: Lang | undefined;
  active: boolean;
  inactiveReason: string | undefined;
  welcomedAt: number | undefined;
  createdAt: number;
  updatedAt: number;
}

export type ConversationCapture = Omit<
  ConversationRecord,
  'active' | 'inactiveReason' | 'welcomedAt' | 'createdAt' | 'updatedAt' | 'languageOverride'
>;

type Row = Selectable<ConversationsTable>;

const toType = (t: string): ConversationType =>
  t === 'channel' || t === 'groupChat' ? t : 'personal';

const toLang = (v: string | null): Lang | undefined => (v === 'fr' || v === 'en' ? v : undefined);

/** The language a conversation speaks: its override, else the locale Teams sent last, else English. */
export const languageOfRecord = (r: ConversationRecord | undefined): Lang =>
  r?.languageOverride ?? langOf(r?.locale);

function toRecord(r: Row): ConversationRecord {
  return {
    conversationId: r.conversation_id,
    serviceUrl: r.service_url,
    channelId: r.channel_id,
    tenantId: r.tenant_id ?? undefined,
    teamId: r.team_id ?? undefined,
    teamsChannelId: r.teams_channel_id ?? undefined,
    conversationType: toType(r.conversation_type),
    botId: r.bot_id,
    botName: r.bot_name ?? undefined,
    locale: r.locale ?? undefined,
    languageOverride: toLang(r.language_override),
    active: Number(r.active) === 1,
    inactiveReason: r.inactive_reason ?? undefined,
    welcomedAt: r.welcomed_at ?? undefined,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const toRow = (c: ConversationCapture, now: number): Insertable<ConversationsTable> => ({
  conversation_id: c.conversationId,
  service_url: c.serviceUrl,
  channel_id: c.channelId,
  tenant_id: c.tenantId ?? null,
  team_id: c.teamId ?? null,
  teams_channel_id: c.teamsChannelId ?? null,
  conversation_type: c.conversationType,
  bot_id: c.botId,
  bot_name: c.botName ?? null,
  locale: c.locale ?? null,
  active: 1,
  created_at: now,
  updated_at: now,
});

/** How long an unchanged capture is trusted before it is written again (refreshes updated_at). */
const RECENT_MS = 30_000;
/** Bounds the memory of recent captures; past it the map starts over. */
const RECENT_MAX = 10_000;

/** Conversation records: refreshed on every inbound turn, read for every proactive send. */
export class ConversationRepository {
  /**
   * What each conversation was last captured as, and when. A turn whose capture is unchanged
   * and recent skips the write: a busy chat would otherwise pay a commit per message to store
   * what is already stored. Local changes (markInactive, claimWelcome) drop the entry; another
   * replica's markInactive is undone by this replica's next written capture, at most 30 s later.
   */
  private readonly recent = new Map<
    string,
    { key: string; at: number; record: ConversationRecord }
  >();
  /** Bumped by local changes, so a capture in flight across one does not cache a stale record. */
  private epoch = 0;

  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  /** Inserts or refreshes a record; an inbound message proves the bot is back, so it reactivates. */
  async capture(c: ConversationCapture): Promise<ConversationRecord> {
    const [record] = await this.captureAll([c]);
    if (!record) throw new Error(`conversation ${c.conversationId} vanished after capture`);
    return record;
  }

  /**
   * Captures a channel thread and the channel it is in (inbound turns refresh both) in one
   * statement, so the turn pays one round trip; returns the thread's record.
   */
  async captureWithChannel(
    thread: ConversationCapture,
    channelId: string,
  ): Promise<ConversationRecord> {
    // One row at most once: PostgreSQL refuses an upsert that touches a row twice.
    const channel =
      channelId === thread.conversationId ? [] : [{ ...thread, conversationId: channelId }];
    const [record] = await this.captureAll([thread, ...channel]);
    if (!record) throw new Error(`conversation ${thread.conversationId} vanished after capture`);
    return record;
  }

  /** Records in the order of `captures`; writes all of them unless every one is fresh in `recent`. */
  private async captureAll(
    captures: readonly ConversationCapture[],
  ): Promise<ConversationRecord[]> {
    const now = this.now();
    const keys = captures.map((c) => JSON.stringify(c));
    const cached = captures.map((c, i) => {
      const seen = this.recent.get(c.conversationId);
      return seen && seen.key === keys[i] && now - seen.at < RECENT_MS ? seen.record : undefined;
    });
    if (cached.every((r) => r !== undefined)) return cached;
    const epoch = this.epoch;
    // An upsert that names only the columns a capture owns: welcomed_at (claimWelcome) and
    // created_at are never touched, so another replica's welcome is not lost; columns are
    // qualified because PostgreSQL finds a bare name ambiguous next to `excluded`.
    const rows = await this.store.db
      .insertInto('conversations')
      .values(captures.map((c) => toRow(c, now)))
      .onConflict((oc) =>
        oc.column('conversation_id').doUpdateSet((eb) => ({
          service_url: eb.ref('excluded.service_url'),
          channel_id: eb.ref('excluded.channel_id'),
          tenant_id: eb.fn.coalesce('excluded.tenant_id', 'conversations.tenant_id'),
          team_id: eb.fn.coalesce('excluded.team_id', 'conversations.team_id'),
          teams_channel_id: eb.fn.coalesce(
            'excluded.teams_channel_id',
            'conversations.teams_channel_id',
          ),
          conversation_type: eb.ref('excluded.conversation_type'),
          bot_id: eb.ref('excluded.bot_id'),
          bot_name: eb.fn.coalesce('excluded.bot_name', 'conversations.bot_name'),
          locale: eb.fn.coalesce('excluded.locale', 'conversations.locale'),
          active: 1,
          inactive_reason: null,
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .returningAll()
      .execute();
    const byId = new Map(rows.map((r) => [r.conversation_id, toRecord(r)]));
    return captures.map((c, i) => {
      const record = byId.get(c.conversationId);
      if (!record) throw new Error(`conversation ${c.conversationId} vanished after capture`);
      if (epoch === this.epoch) {
        if (this.recent.size >= RECENT_MAX) this.recent.clear();
        this.recent.set(c.conversationId, { key: keys[i] ?? '', at: now, record });
      }
      return record;
    });
  }

  async get(conversationId: string): Promise<ConversationRecord | undefined> {
    const row = await this.store.db
      .selectFrom('conversations')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .executeTakeFirst();
    return row ? toRecord(row) : undefined;
  }

  async list(filter: { activeOnly?: boolean } = {}): Promise<ConversationRecord[]> {
    let q = this.store.db.selectFrom('conversations').selectAll();
    if (filter.activeOnly) q = q.where('active', '=', 1);
    const rows = await q.orderBy('created_at').orderBy('conversation_id').execute();
    return rows.map(toRecord);
  }

  /** 403/404 on a send means the bot was removed or blocked: stop sending until it hears back. */
  async markInactive(conversationId: string, reason: string): Promise<void> {
    this.forget(conversationId);
    await this.store.db
      .updateTable('conversations')
      .set({ active: 0, inactive_reason: reason, updated_at: this.now() })
      .where('conversation_id', '=', conversationId)
      .execute();
  }

  /** Pins (or, with undefined, unpins) the language of a conversation: `language fr|en|auto`. */
  async setLanguage(conversationId: string, lang: Lang | undefined): Promise<void> {
    this.forget(conversationId);
    await this.store.db
      .updateTable('conversations')
      .set({ language_override: lang ?? null, updated_at: this.now() })
      .where('conversation_id', '=', conversationId)
      .execute();
  }

  /** For proactive sends (alerts, run notices, progress): the language the conversation reads. */
  async languageOf(conversationId: string): Promise<Lang> {
    return languageOfRecord(await this.get(conversationId));
  }

  /** Claims the one welcome for a conversation; true only for the first caller, on any replica. */
  async claimWelcome(conversationId: string): Promise<boolean> {
    this.forget(conversationId);
    const res = await this.store.db
      .updateTable('conversations')
      .set({ welcomed_at: this.now() })
      .where('conversation_id', '=', conversationId)
      .where('welcomed_at', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /**
   * Conversations the bot knows: each channel once, however many of its threads it replied in
   * (Teams gives every thread its own conversation id). Inactive: none of its ids reachable.
   */
  async counts(): Promise<{ total: number; inactive: number }> {
    const rows = await this.store.db
      .selectFrom('conversations')
      .select(['conversation_id', 'active'])
      .execute();
    const reachable = new Map<string, boolean>();
    for (const r of rows) {
      const id = channelOf(r.conversation_id);
      reachable.set(id, (reachable.get(id) ?? false) || Number(r.active) !== 0);
    }
    const inactive = [...reachable.values()].filter((ok) => !ok).length;
    return { total: reachable.size, inactive };
  }

  private forget(conversationId: string): void {
    this.epoch++;
    this.recent.delete(conversationId);
  }
}
