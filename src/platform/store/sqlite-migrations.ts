import { inferenceLogNullableMeasures } from './sqlite-inference-log-rebuild';

/**
 * Versioned schema migrations. Append only: a shipped migration is never edited, because
 * databases in the field already ran it. `user_version` records how far a database got.
 */
export const sqliteMigrations: readonly { version: number; name: string; sql: string }[] = [
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
  {
    version: 2,
    name: 'inference log and chat sessions',
    sql: `
      CREATE TABLE inference_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        source TEXT NOT NULL,
        target TEXT NOT NULL,
        target_kind TEXT NOT NULL,
        model TEXT NOT NULL,
        prompt TEXT,
        response TEXT,
        prompt_chars INTEGER NOT NULL,
        response_chars INTEGER NOT NULL,
        redacted INTEGER NOT NULL DEFAULT 0,
        prompt_tokens INTEGER NOT NULL,
        completion_tokens INTEGER NOT NULL,
        total_tokens INTEGER NOT NULL,
        latency_ms INTEGER NOT NULL,
        status TEXT NOT NULL,
        finish_reason TEXT,
        filter_stage TEXT,
        filter_categories TEXT,
        error_reason TEXT,
        user_id TEXT,
        conversation_id TEXT,
        run_id TEXT
      );
      CREATE INDEX inference_log_target_at ON inference_log (target, at);
      CREATE TABLE chat_sessions (
        conversation_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        target TEXT,
        system_prompt TEXT,
        temperature REAL,
        max_tokens INTEGER,
        history TEXT NOT NULL CHECK (json_valid(history)),
        started_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (conversation_id, user_id)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 4,
    name: 'outbox',
    sql: `
      CREATE TABLE outbox (
        key TEXT PRIMARY KEY,
        conversation_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('send', 'post', 'reply', 'update')),
        parent_key TEXT,
        target_activity_id TEXT,
        payload TEXT NOT NULL CHECK (json_valid(payload)),
        status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'delivered', 'failed', 'dead', 'uncertain')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        last_error TEXT,
        result_conversation_id TEXT,
        result_activity_id TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
    `,
  },
  {
    version: 5,
    name: 'operations',
    sql: `
      CREATE TABLE operations (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        environment TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('planned', 'running', 'succeeded', 'failed', 'cancelled', 'expired')),
        params TEXT NOT NULL CHECK (json_valid(params)),
        plan TEXT,
        steps TEXT NOT NULL CHECK (json_valid(steps)),
        outputs TEXT NOT NULL CHECK (json_valid(outputs)),
        current_step INTEGER NOT NULL DEFAULT 0,
        resume_token TEXT,
        next_run_at INTEGER NOT NULL,
        requester_id TEXT NOT NULL,
        requester_name TEXT,
        conversation_id TEXT NOT NULL,
        card_activity_id TEXT,
        card_version INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        expires_at INTEGER,
        started_at INTEGER,
        finished_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX operations_due ON operations (state, next_run_at);
      CREATE TABLE locks (
        name TEXT PRIMARY KEY,
        operation_id TEXT NOT NULL,
        holder_name TEXT,
        acquired_at INTEGER NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 6,
    name: 'scheduler',
    sql: `
      CREATE TABLE job_state (
        job_id TEXT PRIMARY KEY,
        last_slot INTEGER,
        last_checked_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE job_claims (
        job_id TEXT NOT NULL,
        slot INTEGER NOT NULL,
        claimed_at INTEGER NOT NULL,
        PRIMARY KEY (job_id, slot)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 7,
    name: 'subscriptions and incidents',
    sql: `
      CREATE TABLE subscriptions (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        conversation_id TEXT NOT NULL,
        target TEXT NOT NULL DEFAULT '',
        params TEXT NOT NULL CHECK (json_valid(params)),
        cron TEXT NOT NULL,
        timezone TEXT NOT NULL,
        sustained INTEGER NOT NULL DEFAULT 1,
        enabled INTEGER NOT NULL DEFAULT 1,
        created_by TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        UNIQUE (kind, conversation_id, target)
      ) WITHOUT ROWID;
      CREATE TABLE incidents (
        id TEXT PRIMARY KEY,
        subscription_id TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'open', 'resolved')),
        streak INTEGER NOT NULL DEFAULT 0,
        checks INTEGER NOT NULL DEFAULT 0,
        peak_drifted INTEGER NOT NULL DEFAULT 0,
        peak_share REAL NOT NULL DEFAULT 0,
        snoozed_until INTEGER,
        last_report TEXT CHECK (last_report IS NULL OR json_valid(last_report)),
        acknowledged_by TEXT,
        acknowledged_at INTEGER,
        retrain_run_id INTEGER,
        retrain_state TEXT,
        card_version INTEGER NOT NULL DEFAULT 0,
        opened_at INTEGER,
        resolved_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX incidents_subscription ON incidents (subscription_id, state);
    `,
  },
  {
    version: 8,
    name: 'mlflow run watch',
    sql: `
      CREATE TABLE mlflow_watch (
        experiment_id TEXT PRIMARY KEY,
        watermark INTEGER NOT NULL,
        checked_at INTEGER,
        last_error TEXT
      ) WITHOUT ROWID;
      CREATE TABLE mlflow_watch_runs (
        subscription_id TEXT NOT NULL,
        run_id TEXT NOT NULL,
        experiment_id TEXT NOT NULL,
        end_time INTEGER NOT NULL,
        fingerprint TEXT NOT NULL CHECK (json_valid(fingerprint)),
        changes INTEGER NOT NULL DEFAULT 0,
        posted_at INTEGER NOT NULL,
        PRIMARY KEY (subscription_id, run_id)
      ) WITHOUT ROWID;
      CREATE INDEX mlflow_watch_runs_end ON mlflow_watch_runs (experiment_id, end_time);
    `,
  },
  {
    version: 9,
    name: 'outbox send log',
    // Every send attempt's span, so a restarted process knows what the dead one sent in the
    // limit windows (Teams counts per app, not per process).
    sql: `
      CREATE TABLE outbox_sends (
        id INTEGER PRIMARY KEY,
        thread_key TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        ended_at INTEGER
      );
      CREATE INDEX outbox_sends_started ON outbox_sends (started_at);
    `,
  },
  {
    version: 10,
    name: 'outbox replicas',
    // Leases let replicas share one outbox: a row or send span is owned by `claimed_by`/`replica`
    // until `lease_until`; after that its process is presumed dead. The indexes serve the shared
    // budget's window queries (open or recently ended spans, overall and per thread). `seq` is
    // the enqueue order, so no replica sends a conversation's later message before an earlier one.
    sql: `
      ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
      ALTER TABLE outbox ADD COLUMN lease_until INTEGER;
      ALTER TABLE outbox_sends ADD COLUMN replica TEXT;
      ALTER TABLE outbox_sends ADD COLUMN lease_until INTEGER;
      CREATE INDEX outbox_sends_ended ON outbox_sends (ended_at);
      CREATE INDEX outbox_sends_thread ON outbox_sends (thread_key, ended_at);
      ALTER TABLE outbox ADD COLUMN seq INTEGER;
      UPDATE outbox SET seq = r.n
        FROM (SELECT key, row_number() OVER (ORDER BY created_at, key) AS n FROM outbox) AS r
        WHERE outbox.key = r.key;
      CREATE INDEX outbox_seq ON outbox (seq);
      CREATE INDEX outbox_conversation_seq ON outbox (conversation_id, status, seq);
    `,
  },
  {
    version: 11,
    name: 'replica leases',
    // Several bot processes share one store: a scheduled slot and an operation each belong to
    // one replica at a time, for as long as it keeps renewing the lease (epoch ms).
    sql: `
      ALTER TABLE job_claims ADD COLUMN owner TEXT;
      ALTER TABLE job_claims ADD COLUMN lease_until INTEGER;
      ALTER TABLE job_claims ADD COLUMN attempts INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE job_claims ADD COLUMN state TEXT NOT NULL DEFAULT 'done'
        CHECK (state IN ('running', 'done', 'failed', 'abandoned'));
      CREATE INDEX job_claims_state ON job_claims (state, job_id);
      ALTER TABLE locks ADD COLUMN owner TEXT;
      ALTER TABLE locks ADD COLUMN lease_until INTEGER;
    `,
  },
  inferenceLogNullableMeasures,
  {
    version: 13,
    name: 'conversation language',
    // `language fr|en` pins a conversation's language; null follows the locale Teams sends.
    sql: `ALTER TABLE conversations ADD COLUMN language_override TEXT;`,
  },
];
