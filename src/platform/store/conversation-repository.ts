import type { Database } from './database';
import type { Statement } from './sqlite-database';

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
  active: boolean;
  inactiveReason: string | undefined;
  welcomedAt: number | undefined;
  createdAt: number;
  updatedAt: number;
}

export type ConversationCapture = Omit<
  ConversationRecord,
  'active' | 'inactiveReason' | 'welcomedAt' | 'createdAt' | 'updatedAt'
>;

interface Row {
  conversation_id: string;
  service_url: string;
  channel_id: string;
  tenant_id: string | null;
  team_id: string | null;
  teams_channel_id: string | null;
  conversation_type: string;
  bot_id: string;
  bot_name: string | null;
  locale: string | null;
  active: number;
  inactive_reason: string | null;
  welcomed_at: number | null;
  created_at: number;
  updated_at: number;
}

const toType = (t: string): ConversationType =>
  t === 'channel' || t === 'groupChat' ? t : 'personal';

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
    active: r.active === 1,
    inactiveReason: r.inactive_reason ?? undefined,
    welcomedAt: r.welcomed_at ?? undefined,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** How long an unchanged capture is trusted before it is written again (refreshes updated_at). */
const RECENT_MS = 30_000;
/** Bounds the memory of recent captures; past it the map starts over. */
const RECENT_MAX = 10_000;

/** Conversation records: refreshed on every inbound turn, read for every proactive send. */
export class ConversationRepository {
  /**
   * What each conversation was last captured as, and when. A turn whose capture is unchanged
   * and recent skips the write: a busy chat would otherwise pay a commit per message to store
   * what is already stored. Local changes (markInactive, claimWelcome) drop the entry.
   */
  private readonly recent = new Map<
    string,
    { key: string; at: number; record: ConversationRecord }
  >();

  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  /** Statements here run on every turn: compiled once (see prepareCached). */
  private statement<P extends unknown[], R = unknown>(sql: string): Statement<P, R> {
    return this.db.prepareCached<P, R>(sql);
  }

  /** Inserts or refreshes a record; an inbound message proves the bot is back, so it reactivates. */
  capture(c: ConversationCapture): ConversationRecord {
    const now = this.now();
    const key = JSON.stringify(c);
    const seen = this.recent.get(c.conversationId);
    if (seen && seen.key === key && now - seen.at < RECENT_MS) return seen.record;
    const saved = this.statement<[Record<string, unknown>], Row>(
      `INSERT INTO conversations (conversation_id, service_url, channel_id, tenant_id, team_id,
           teams_channel_id, conversation_type, bot_id, bot_name, locale, active, created_at, updated_at)
         VALUES (@conversationId, @serviceUrl, @channelId, @tenantId, @teamId, @teamsChannelId,
           @conversationType, @botId, @botName, @locale, 1, @now, @now)
         ON CONFLICT(conversation_id) DO UPDATE SET service_url = excluded.service_url,
           channel_id = excluded.channel_id,
           tenant_id = COALESCE(excluded.tenant_id, tenant_id),
           team_id = COALESCE(excluded.team_id, team_id),
           teams_channel_id = COALESCE(excluded.teams_channel_id, teams_channel_id),
           conversation_type = excluded.conversation_type, bot_id = excluded.bot_id,
           bot_name = COALESCE(excluded.bot_name, bot_name), locale = COALESCE(excluded.locale, locale),
           active = 1, inactive_reason = NULL, updated_at = excluded.updated_at
         RETURNING *`,
    ).get({
      ...c,
      tenantId: c.tenantId ?? null,
      teamId: c.teamId ?? null,
      teamsChannelId: c.teamsChannelId ?? null,
      botName: c.botName ?? null,
      locale: c.locale ?? null,
      now,
    });
    if (!saved) throw new Error(`conversation ${c.conversationId} vanished after capture`);
    const record = toRecord(saved);
    if (this.recent.size >= RECENT_MAX) this.recent.clear();
    this.recent.set(c.conversationId, { key, at: now, record });
    return record;
  }

  /**
   * Captures a channel thread and the channel it is in (inbound turns refresh both) in one
   * transaction, so the turn pays one commit; returns the thread's record.
   */
  captureWithChannel(thread: ConversationCapture, channelId: string): ConversationRecord {
    return this.db.transaction(() => {
      const record = this.capture(thread);
      this.capture({ ...thread, conversationId: channelId });
      return record;
    })();
  }

  get(conversationId: string): ConversationRecord | undefined {
    const row = this.statement<[string], Row>(
      'SELECT * FROM conversations WHERE conversation_id = ?',
    ).get(conversationId);
    return row ? toRecord(row) : undefined;
  }

  list(filter: { activeOnly?: boolean } = {}): ConversationRecord[] {
    const sql = filter.activeOnly
      ? 'SELECT * FROM conversations WHERE active = 1 ORDER BY created_at'
      : 'SELECT * FROM conversations ORDER BY created_at';
    return this.statement<[], Row>(sql).all().map(toRecord);
  }

  /** 403/404 on a send means the bot was removed or blocked: stop sending until it hears back. */
  markInactive(conversationId: string, reason: string): void {
    this.recent.delete(conversationId);
    this.statement<[string, number, string]>(
      'UPDATE conversations SET active = 0, inactive_reason = ?, updated_at = ? WHERE conversation_id = ?',
    ).run(reason, this.now(), conversationId);
  }

  /** Claims the one welcome for a conversation; true only for the first caller. */
  claimWelcome(conversationId: string): boolean {
    this.recent.delete(conversationId);
    return (
      this.statement<[number, string]>(
        'UPDATE conversations SET welcomed_at = ? WHERE conversation_id = ? AND welcomed_at IS NULL',
      ).run(this.now(), conversationId).changes === 1
    );
  }

  counts(): { total: number; inactive: number } {
    const row = this.statement<[], { total: number; inactive: number | null }>(
      'SELECT COUNT(*) AS total, SUM(active = 0) AS inactive FROM conversations',
    ).get();
    return { total: row?.total ?? 0, inactive: row?.inactive ?? 0 };
  }
}
