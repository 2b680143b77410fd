import type { ChatMessage } from '../../services/llm/llm-service';
import type { Database } from '../../platform/store/database';

/** One user's conversational session in one conversation; survives restarts (stored in SQLite). */
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

interface Row {
  conversation_id: string;
  user_id: string;
  target: string | null;
  system_prompt: string | null;
  temperature: number | null;
  max_tokens: number | null;
  history: string;
  started_at: number;
  updated_at: number;
}

const toSession = (r: Row): ChatSession => ({
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

/**
 * Chat sessions keyed by conversation and user, so two people chatting in one channel each
 * keep their own history, and the router can ask whether plain text belongs to a session.
 */
export class ChatSessionRepository {
  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts (or restarts, clearing history) the user's session in this conversation. */
  start(conversationId: string, userId: string, settings: ChatSettingsUpdate = {}): ChatSession {
    const at = this.now();
    this.db
      .prepare(
        `INSERT OR REPLACE INTO chat_sessions
           (conversation_id, user_id, target, system_prompt, temperature, max_tokens, history, started_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, '[]', ?, ?)`,
      )
      .run(
        conversationId,
        userId,
        settings.target ?? null,
        settings.systemPrompt ?? null,
        settings.temperature ?? null,
        settings.maxTokens ?? null,
        at,
        at,
      );
    return this.require(conversationId, userId);
  }

  get(conversationId: string, userId: string): ChatSession | undefined {
    const row = this.db
      .prepare<[string, string], Row>(
        'SELECT * FROM chat_sessions WHERE conversation_id = ? AND user_id = ?',
      )
      .get(conversationId, userId);
    return row ? toSession(row) : undefined;
  }

  isActive(conversationId: string, userId: string): boolean {
    return this.get(conversationId, userId) !== undefined;
  }

  /** Appends one exchange; called only after the model answered. */
  appendTurn(conversationId: string, userId: string, user: string, assistant: string): void {
    const s = this.get(conversationId, userId);
    if (!s) return;
    const history: ChatMessage[] = [
      ...s.history,
      { role: 'user', content: user },
      { role: 'assistant', content: assistant },
    ];
    this.writeHistory(conversationId, userId, history);
  }

  /** Replaces the stored history, e.g. after the token budget dropped old turns for good. */
  writeHistory(conversationId: string, userId: string, history: readonly ChatMessage[]): void {
    this.db
      .prepare(
        'UPDATE chat_sessions SET history = ?, updated_at = ? WHERE conversation_id = ? AND user_id = ?',
      )
      .run(JSON.stringify(history), this.now(), conversationId, userId);
  }

  updateSettings(
    conversationId: string,
    userId: string,
    u: ChatSettingsUpdate,
  ): ChatSession | undefined {
    const s = this.get(conversationId, userId);
    if (!s) return undefined;
    const next = { ...s, ...u };
    this.db
      .prepare(
        `UPDATE chat_sessions SET target = ?, system_prompt = ?, temperature = ?, max_tokens = ?, updated_at = ?
         WHERE conversation_id = ? AND user_id = ?`,
      )
      .run(
        next.target ?? null,
        next.systemPrompt ?? null,
        next.temperature ?? null,
        next.maxTokens ?? null,
        this.now(),
        conversationId,
        userId,
      );
    return this.get(conversationId, userId);
  }

  /** Forgets the history but keeps the settings. */
  reset(conversationId: string, userId: string): boolean {
    if (!this.isActive(conversationId, userId)) return false;
    this.writeHistory(conversationId, userId, []);
    return true;
  }

  end(conversationId: string, userId: string): boolean {
    return (
      this.db
        .prepare('DELETE FROM chat_sessions WHERE conversation_id = ? AND user_id = ?')
        .run(conversationId, userId).changes > 0
    );
  }

  private require(conversationId: string, userId: string): ChatSession {
    const s = this.get(conversationId, userId);
    if (!s) throw new Error('chat session vanished after write');
    return s;
  }
}
