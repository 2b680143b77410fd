import type { Database } from '../../platform/store/database';
import type { LlmResult } from '../../services/llm/llm-service';
import type { LlmTarget } from '../../services/llm/llm-target';

/** Which command made the prediction. */
export type PredictionSource = 'ask' | 'chat' | 'compare' | 'test';

/** What a caller knows about one prediction; the repository adds time and redaction. */
export interface PredictionInput {
  source: PredictionSource;
  target: LlmTarget;
  prompt: string;
  result: LlmResult;
  userId: string | undefined;
  conversationId: string | undefined;
  /** Groups the predictions of one suite run or chat session. */
  runId?: string | undefined;
}

/** One recorded prediction, as the drift monitor and reports read it. */
export interface InferenceRecord {
  id: number;
  at: number;
  source: PredictionSource;
  target: string;
  targetKind: string;
  model: string;
  /** Undefined when text logging is redacted; the lengths are kept either way. */
  prompt: string | undefined;
  response: string | undefined;
  promptChars: number;
  responseChars: number;
  redacted: boolean;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  latencyMs: number;
  status: LlmResult['status'];
  finishReason: string | undefined;
  filterStage: 'prompt' | 'output' | undefined;
  filterCategories: string[];
  errorReason: string | undefined;
  userId: string | undefined;
  conversationId: string | undefined;
  runId: string | undefined;
}

interface Row {
  id: number;
  at: number;
  source: string;
  target: string;
  target_kind: string;
  model: string;
  prompt: string | null;
  response: string | null;
  prompt_chars: number;
  response_chars: number;
  redacted: number;
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  latency_ms: number;
  status: string;
  finish_reason: string | null;
  filter_stage: string | null;
  filter_categories: string | null;
  error_reason: string | null;
  user_id: string | null;
  conversation_id: string | null;
  run_id: string | null;
}

const toRecord = (r: Row): InferenceRecord => ({
  id: r.id,
  at: r.at,
  source: r.source as PredictionSource,
  target: r.target,
  targetKind: r.target_kind,
  model: r.model,
  prompt: r.prompt ?? undefined,
  response: r.response ?? undefined,
  promptChars: r.prompt_chars,
  responseChars: r.response_chars,
  redacted: r.redacted === 1,
  promptTokens: r.prompt_tokens,
  completionTokens: r.completion_tokens,
  totalTokens: r.total_tokens,
  latencyMs: r.latency_ms,
  status: r.status as LlmResult['status'],
  finishReason: r.finish_reason ?? undefined,
  filterStage: (r.filter_stage ?? undefined) as InferenceRecord['filterStage'],
  filterCategories: r.filter_categories ? (JSON.parse(r.filter_categories) as string[]) : [],
  errorReason: r.error_reason ?? undefined,
  userId: r.user_id ?? undefined,
  conversationId: r.conversation_id ?? undefined,
  runId: r.run_id ?? undefined,
});

/**
 * Every prediction the bot makes (ask, chat, compare, test), in the embedded store. It is the
 * data the drift monitor reads, so failures and filtered calls are recorded too, and text can
 * be left out by configuration while lengths, tokens and latency stay.
 */
export class InferenceLogRepository {
  constructor(
    private readonly db: Database,
    private readonly options: { redactText: boolean; now?: () => number } = { redactText: false },
  ) {}

  record(p: PredictionInput): InferenceRecord {
    const at = (this.options.now ?? Date.now)();
    const response = p.result.text ?? '';
    const redact = this.options.redactText;
    const info = this.db
      .prepare(
        `INSERT INTO inference_log (at, source, target, target_kind, model, prompt, response,
           prompt_chars, response_chars, redacted, prompt_tokens, completion_tokens, total_tokens,
           latency_ms, status, finish_reason, filter_stage, filter_categories, error_reason,
           user_id, conversation_id, run_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        at,
        p.source,
        p.target.name,
        p.target.kind,
        p.target.model,
        redact ? null : p.prompt,
        redact || p.result.text === undefined ? null : response,
        p.prompt.length,
        response.length,
        redact ? 1 : 0,
        p.result.usage.prompt,
        p.result.usage.completion,
        p.result.usage.total,
        Math.round(p.result.latencyMs),
        p.result.status,
        p.result.finishReason ?? null,
        p.result.filter?.stage ?? null,
        p.result.filter ? JSON.stringify(p.result.filter.categories) : null,
        p.result.errorReason ?? null,
        p.userId ?? null,
        p.conversationId ?? null,
        p.runId ?? null,
      );
    const row = this.db
      .prepare<[number], Row>('SELECT * FROM inference_log WHERE id = ?')
      .get(Number(info.lastInsertRowid));
    if (!row) throw new Error('inference log row vanished after insert');
    return toRecord(row);
  }

  /** Predictions for one target in [from, to), oldest first: the drift monitor's window. */
  window(target: string, from: number, to: number, limit = 10_000): InferenceRecord[] {
    return this.db
      .prepare<[string, number, number, number], Row>(
        'SELECT * FROM inference_log WHERE target = ? AND at >= ? AND at < ? ORDER BY at, id LIMIT ?',
      )
      .all(target, from, to, limit)
      .map(toRecord);
  }

  /** The newest predictions first, any target. */
  latest(limit = 20): InferenceRecord[] {
    return this.db
      .prepare<[number], Row>('SELECT * FROM inference_log ORDER BY id DESC LIMIT ?')
      .all(limit)
      .map(toRecord);
  }
}
