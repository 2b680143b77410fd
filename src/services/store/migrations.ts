/**
 * Versioned schema migrations. Append only: a shipped migration is never edited, because
 * databases in the field already ran it. `user_version` records how far a database got.
 */
export const migrations: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'chassis',
    sql: `
      CREATE TABLE bot_storage (
        key TEXT PRIMARY KEY,
        etag TEXT NOT NULL,
        value TEXT NOT NULL CHECK (json_valid(value)),
        updated_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE conversations (
        conversation_id TEXT PRIMARY KEY,
        service_url TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        tenant_id TEXT,
        team_id TEXT,
        teams_channel_id TEXT,
        conversation_type TEXT NOT NULL,
        bot_id TEXT NOT NULL,
        bot_name TEXT,
        locale TEXT,
        active INTEGER NOT NULL DEFAULT 1,
        inactive_reason TEXT,
        welcomed_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        actor_id TEXT NOT NULL,
        actor_name TEXT,
        conversation_id TEXT,
        action TEXT NOT NULL,
        plan TEXT,
        result TEXT NOT NULL,
        detail TEXT,
        duration_ms INTEGER
      );
      CREATE INDEX audit_log_at ON audit_log (at);
    `,
  },
];
