// SQLite migration 12, kept apart from sqlite-migrations.ts because a table rebuild is long.

/** Makes the inference log's measures nullable (PostgreSQL does it with DROP NOT NULL). */
export const inferenceLogNullableMeasures = {
  version: 12,
  name: 'inference log unknown measures',
  // An imported file may lack a column (no latency, no character counts). Storing 0 made the
  // drift check test phantom constant features; NULL lets it report "insufficient data".
  // SQLite cannot drop NOT NULL in place, so the table is rebuilt with the same ids.
  sql: `
      CREATE TABLE inference_log_new (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        source TEXT NOT NULL,
        target TEXT NOT NULL,
        target_kind TEXT NOT NULL,
        model TEXT NOT NULL,
        prompt TEXT,
        response TEXT,
        prompt_chars INTEGER,
        response_chars INTEGER,
        redacted INTEGER NOT NULL DEFAULT 0,
        prompt_tokens INTEGER,
        completion_tokens INTEGER,
        total_tokens INTEGER,
        latency_ms INTEGER,
        status TEXT NOT NULL,
        finish_reason TEXT,
        filter_stage TEXT,
        filter_categories TEXT,
        error_reason TEXT,
        user_id TEXT,
        conversation_id TEXT,
        run_id TEXT
      );
      INSERT INTO inference_log_new SELECT * FROM inference_log;
      DROP TABLE inference_log;
      ALTER TABLE inference_log_new RENAME TO inference_log;
      CREATE INDEX inference_log_target_at ON inference_log (target, at);
    `,
};
