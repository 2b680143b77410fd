import type { Selectable, Updateable } from 'kysely';
import type { ChatMessage } from '../../services/llm/llm-service';
import type { Store } from '../../platform/store/store';
import type { ChatSessionsTable } from '../../platform/store/tables';

/** One user's conversational session in one conversation; survives restarts (kept in the store). */
export interface ChatSession {
  conversationId: string;
  userId: string;
  /** Target name; undefined means the configured default. */
  target: string | undefined;
  systemPrompt: string | undefined;
  temperature: number | undefined;
  maxTokens: number | undefined;
  /** User and assistant turns, oldest first; the system prompt is kept apart. */
  history: ChatMessage[];
  startedAt: number;
  updatedAt: number;
}

export type ChatSettingsUpdate = Partial<
  Pick<ChatSession, 'target' | 'systemPrompt' | 'temperature' | 'maxTokens'>
>;

/** One answered exchange, and the oldest history messages the token budget dropped for good. */
export interface ChatTurn {
  user: string;
  assistant: string;
  /** The stored history's first messages as the turn read them; removed if still first. */
  forget?: readonly ChatMessage[];
}

const toSession = (r: Selectable<ChatSessionsTable>): ChatSession => ({
  conversationId: r.conversation_id,
  userId: r.user_id,
  target: r.target ?? undefined,
  systemPrompt: r.system_prompt ?? undefined,
  temperature: r.temperature ?? undefined,
  maxTokens: r.max_tokens ?? undefined,
  history: JSON.parse(r.history) as ChatMessage[],
  startedAt: r.started_at,
  updatedAt: r.updated_at,
});

/** Only the settings named in `u`: a key present with undefined clears that setting. */
function settingsColumns(u: ChatSettingsUpdate): Updateable<ChatSessionsTable> {
  return {
    ...('target' in u ? { target: u.target ?? null } : {}),
    ...('systemPrompt' in u ? { system_prompt: u.systemPrompt ?? null } : {}),
    ...('temperature' in u ? { temperature: u.temperature ?? null } : {}),
    ...('maxTokens' in u ? { max_tokens: u.maxTokens ?? null } : {}),
  };
}

/** `history` without `prefix`, when it still starts with it (another turn may have dropped it). */
function withoutPrefix(history: ChatMessage[], prefix: readonly ChatMessage[]): ChatMessage[] {
  const same = prefix.every(
    (m, i) => history[i]?.role === m.role && history[i]?.content === m.content,
  );
  return same ? history.slice(prefix.length) : history;
}

/**
 * Chat sessions keyed by conversation and user, so two people chatting in one channel each
 * keep their own history, and the router can ask whether plain text belongs to a session.
 */
export class ChatSessionRepository {
  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts (or restarts, clearing history) the user's session in this conversation. */
  async start(
    conversationId: string,
    userId: string,
    settings: ChatSettingsUpdate = {},
  ): Promise<ChatSession> {
    const at = this.now();
    const row = await this.store.db
      .insertInto('chat_sessions')
      .values({
        conversation_id: conversationId,
        user_id: userId,
        target: settings.target ?? null,
        system_prompt: settings.systemPrompt ?? null,
        temperature: settings.temperature ?? null,
        max_tokens: settings.maxTokens ?? null,
        history: '[]',
        started_at: at,
        updated_at: at,
      })
      .onConflict((oc) =>
        oc.columns(['conversation_id', 'user_id']).doUpdateSet((eb) => ({
          target: eb.ref('excluded.target'),
          system_prompt: eb.ref('excluded.system_prompt'),
          temperature: eb.ref('excluded.temperature'),
          max_tokens: eb.ref('excluded.max_tokens'),
          history: eb.ref('excluded.history'),
          started_at: eb.ref('excluded.started_at'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    return toSession(row);
  }

  async get(conversationId: string, userId: string): Promise<ChatSession | undefined> {
    const row = await this.store.db
      .selectFrom('chat_sessions')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row ? toSession(row) : undefined;
  }

  async isActive(conversationId: string, userId: string): Promise<boolean> {
    const row = await this.store.db
      .selectFrom('chat_sessions')
      .select('started_at')
      .where('conversation_id', '=', conversationId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row !== undefined;
  }

  /**
   * Appends one exchange (called only after the model answered) to the history as stored now,
   * not as the turn read it: the model call takes seconds, and a turn on another replica may
   * append meanwhile. The row is locked from read to write (FOR UPDATE on PostgreSQL; SQLite's
   * one connection serializes the transaction), so concurrent turns never lose one another.
   * False when the session ended meanwhile.
   */
  async appendTurn(conversationId: string, userId: string, turn: ChatTurn): Promise<boolean> {
    return this.store.db.transaction().execute(async (trx) => {
      let read = trx
        .selectFrom('chat_sessions')
        .select('history')
        .where('conversation_id', '=', conversationId)
        .where('user_id', '=', userId);
      if (this.store.kind === 'postgres') read = read.forUpdate();
      const row = await read.executeTakeFirst();
      if (!row) return false;
      const history: ChatMessage[] = [
        ...withoutPrefix(JSON.parse(row.history) as ChatMessage[], turn.forget ?? []),
        { role: 'user', content: turn.user },
        { role: 'assistant', content: turn.assistant },
      ];
      await trx
        .updateTable('chat_sessions')
        .set({ history: JSON.stringify(history), updated_at: this.now() })
        .where('conversation_id', '=', conversationId)
        .where('user_id', '=', userId)
        .execute();
      return true;
    });
  }

  /** Changes only the settings named in `u`, in one statement; undefined when there is no session. */
  async updateSettings(
    conversationId: string,
    userId: string,
    u: ChatSettingsUpdate,
  ): Promise<ChatSession | undefined> {
    const row = await this.store.db
      .updateTable('chat_sessions')
      .set({ ...settingsColumns(u), updated_at: this.now() })
      .where('conversation_id', '=', conversationId)
      .where('user_id', '=', userId)
      .returningAll()
      .executeTakeFirst();
    return row ? toSession(row) : undefined;
  }

  /** Forgets the history but keeps the settings. */
  async reset(conversationId: string, userId: string): Promise<boolean> {
    const res = await this.store.db
      .updateTable('chat_sessions')
      .set({ history: '[]', updated_at: this.now() })
      .where('conversation_id', '=', conversationId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  /** Sessions whose last message is older than `before`, oldest first (the idle sweep). */
  async idleSince(before: number, limit = 100): Promise<ChatSession[]> {
    const rows = await this.store.db
      .selectFrom('chat_sessions')
      .selectAll()
      .where('updated_at', '<', before)
      .orderBy('updated_at')
      .limit(limit)
      .execute();
    return rows.map(toSession);
  }

  /**
   * Ends the session only if nothing happened since `s` was read (same start, no newer turn):
   * a message that arrives while the sweep closes the run keeps the session alive.
   */
  async endIfUnchanged(
    s: Pick<ChatSession, 'conversationId' | 'userId' | 'startedAt' | 'updatedAt'>,
  ): Promise<boolean> {
    const res = await this.store.db
      .deleteFrom('chat_sessions')
      .where('conversation_id', '=', s.conversationId)
      .where('user_id', '=', s.userId)
      .where('started_at', '=', s.startedAt)
      .where('updated_at', '=', s.updatedAt)
      .executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  async end(conversationId: string, userId: string): Promise<boolean> {
    const res = await this.store.db
      .deleteFrom('chat_sessions')
      .where('conversation_id', '=', conversationId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }
}
