import type { Generated } from 'kysely';

/**
 * The store's tables as Kysely sees them: one description for both backends. Column types are
 * what a query returns on either side — times are epoch milliseconds (INTEGER in SQLite, BIGINT
 * read back as a number in PostgreSQL), flags are 0/1 integers, JSON is kept as text, so a row
 * read from SQLite and one read from PostgreSQL are the same object.
 */
export interface Tables {
  bot_storage: BotStorageTable;
  conversations: ConversationsTable;
  audit_log: AuditLogTable;
  inference_log: InferenceLogTable;
  chat_sessions: ChatSessionsTable;
  outbox: OutboxTable;
  outbox_sends: OutboxSendsTable;
  operations: OperationsTable;
  locks: LocksTable;
  job_state: JobStateTable;
  job_claims: JobClaimsTable;
  subscriptions: SubscriptionsTable;
  incidents: IncidentsTable;
  mlflow_watch: MlflowWatchTable;
  mlflow_watch_runs: MlflowWatchRunsTable;
}

export interface BotStorageTable {
  key: string;
  etag: string;
  value: string;
  updated_at: number;
}

export interface ConversationsTable {
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
  active: Generated<number>;
  inactive_reason: string | null;
  welcomed_at: number | null;
  /** `fr` or `en` when set with the `language` command; null follows the Teams locale. */
  language_override: string | null;
  created_at: number;
  updated_at: number;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  actor_id: string;
  actor_name: string | null;
  conversation_id: string | null;
  action: string;
  plan: string | null;
  result: string;
  detail: string | null;
  duration_ms: number | null;
}

export interface InferenceLogTable {
  id: Generated<number>;
  at: number;
  source: string;
  target: string;
  target_kind: string;
  model: string;
  prompt: string | null;
  response: string | null;
  prompt_chars: number | null;
  response_chars: number | null;
  redacted: Generated<number>;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  total_tokens: number | null;
  latency_ms: number | null;
  status: string;
  finish_reason: string | null;
  filter_stage: string | null;
  filter_categories: string | null;
  error_reason: string | null;
  user_id: string | null;
  conversation_id: string | null;
  run_id: string | null;
}

export interface ChatSessionsTable {
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

export interface OutboxTable {
  key: string;
  conversation_id: string;
  kind: 'send' | 'post' | 'reply' | 'update';
  parent_key: string | null;
  target_activity_id: string | null;
  payload: string;
  status: 'pending' | 'sending' | 'delivered' | 'failed' | 'dead' | 'uncertain';
  attempts: Generated<number>;
  next_attempt_at: number;
  last_error: string | null;
  result_conversation_id: string | null;
  result_activity_id: string | null;
  created_at: number;
  updated_at: number;
  /** The replica sending it (status 'sending'), and until when that claim holds. */
  claimed_by: string | null;
  lease_until: number | null;
  /** Enqueue order (PostgreSQL: identity; SQLite: next number at insert). */
  seq: Generated<number | null>;
}

export interface OutboxSendsTable {
  id: Generated<number>;
  thread_key: string;
  started_at: number;
  ended_at: number | null;
  /** Who has the send in flight, and until when: an open span past its lease is abandoned. */
  replica: string | null;
  lease_until: number | null;
}

export interface OperationsTable {
  id: string;
  kind: string;
  environment: string;
  state: 'planned' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'expired';
  params: string;
  plan: string | null;
  steps: string;
  outputs: string;
  current_step: Generated<number>;
  resume_token: string | null;
  next_run_at: number;
  requester_id: string;
  requester_name: string | null;
  conversation_id: string;
  card_activity_id: string | null;
  card_version: Generated<number>;
  error: string | null;
  expires_at: number | null;
  started_at: number | null;
  finished_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface LocksTable {
  name: string;
  operation_id: string;
  holder_name: string | null;
  acquired_at: number;
  /** The replica running the operation; NULL while no replica has taken it. */
  owner: string | null;
  lease_until: number | null;
}

export interface JobStateTable {
  job_id: string;
  last_slot: number | null;
  last_checked_at: number;
}

export interface JobClaimsTable {
  job_id: string;
  slot: number;
  claimed_at: number;
  /** The replica running the slot, and until when its lease holds unless renewed. */
  owner: string | null;
  lease_until: number | null;
  attempts: Generated<number>;
  state: Generated<'running' | 'done' | 'failed' | 'abandoned'>;
}

export interface SubscriptionsTable {
  id: string;
  kind: string;
  conversation_id: string;
  target: Generated<string>;
  params: string;
  cron: string;
  timezone: string;
  sustained: Generated<number>;
  enabled: Generated<number>;
  created_by: string;
  created_at: number;
}

export interface IncidentsTable {
  id: string;
  subscription_id: string;
  state: 'pending' | 'open' | 'resolved';
  streak: Generated<number>;
  checks: Generated<number>;
  peak_drifted: Generated<number>;
  peak_share: Generated<number>;
  snoozed_until: number | null;
  last_report: string | null;
  acknowledged_by: string | null;
  acknowledged_at: number | null;
  retrain_run_id: number | null;
  retrain_state: string | null;
  card_version: Generated<number>;
  opened_at: number | null;
  resolved_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface MlflowWatchTable {
  experiment_id: string;
  watermark: number;
  checked_at: number | null;
  last_error: string | null;
}

export interface MlflowWatchRunsTable {
  subscription_id: string;
  run_id: string;
  experiment_id: string;
  end_time: number;
  fingerprint: string;
  changes: Generated<number>;
  posted_at: number;
}
