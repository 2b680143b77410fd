import { sql, type RawBuilder, type Selectable } from 'kysely';
import type { Store } from '../../platform/store/store';
import type { InferenceLogTable } from '../../platform/store/tables';
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

type Row = Selectable<InferenceLogTable>;

/** Columns the drift monitor counts, plus `content_filter` (derived from two columns). */
export type LoggedFeatureColumn =
  | 'prompt_tokens'
  | 'completion_tokens'
  | 'total_tokens'
  | 'latency_ms'
  | 'prompt_chars'
  | 'response_chars'
  | 'finish_reason'
  | 'model'
  | 'status'
  | 'content_filter';

/** The SQL of a counted column; portable between SQLite and PostgreSQL. */
function featureSql(column: LoggedFeatureColumn): RawBuilder<string | number | null> {
  if (column === 'content_filter') {
    return sql`CASE WHEN filter_stage IS NOT NULL OR finish_reason = 'content_filter' THEN 'yes' ELSE 'no' END`;
  }
  return sql`${sql.ref(column)}`;
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
  redacted: Number(r.redacted) === 1,
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
 * Every prediction the bot makes (ask, chat, compare, test), in the store. It is the
 * data the drift monitor reads, so failures and filtered calls are recorded too, and text can
 * be left out by configuration while lengths, tokens and latency stay.
 */
export class InferenceLogRepository {
  constructor(
    private readonly store: Store,
    private readonly options: { redactText: boolean; now?: () => number } = { redactText: false },
  ) {}

  async record(p: PredictionInput): Promise<InferenceRecord> {
    const at = (this.options.now ?? Date.now)();
    const response = p.result.text ?? '';
    const redact = this.options.redactText;
    const row = await this.store.db
      .insertInto('inference_log')
      .values({
        at,
        source: p.source,
        target: p.target.name,
        target_kind: p.target.kind,
        model: p.target.model,
        prompt: redact ? null : p.prompt,
        response: redact || p.result.text === undefined ? null : response,
        prompt_chars: p.prompt.length,
        response_chars: response.length,
        redacted: redact ? 1 : 0,
        prompt_tokens: p.result.usage.prompt,
        completion_tokens: p.result.usage.completion,
        total_tokens: p.result.usage.total,
        latency_ms: Math.round(p.result.latencyMs),
        status: p.result.status,
        finish_reason: p.result.finishReason ?? null,
        filter_stage: p.result.filter?.stage ?? null,
        filter_categories: p.result.filter ? JSON.stringify(p.result.filter.categories) : null,
        error_reason: p.result.errorReason ?? null,
        user_id: p.userId ?? null,
        conversation_id: p.conversationId ?? null,
        run_id: p.runId ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row);
  }

  /** Predictions for one target in [from, to), oldest first: the drift monitor's window. */
  async window(
    target: string,
    from: number,
    to: number,
    limit = 10_000,
  ): Promise<InferenceRecord[]> {
    const rows = await this.store.db
      .selectFrom('inference_log')
      .selectAll()
      .where('target', '=', target)
      .where('at', '>=', from)
      .where('at', '<', to)
      .orderBy('at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toRecord);
  }

  /**
   * How many predictions of `target` in [from, to) had each value of `column`, counted by the
   * store (GROUP BY), so a drift window is exact whatever its size. An integer column is rounded
   * down to multiples of `binWidth` when it is > 0; `distinctValues` says when that is needed.
   */
  async valueCounts(
    target: string,
    from: number,
    to: number,
    column: LoggedFeatureColumn,
    binWidth = 0,
  ): Promise<{ value: string | number | null; n: number }[]> {
    const value =
      binWidth > 0
        ? sql<number>`(${sql.ref(column)} / ${sql.lit(Math.round(binWidth))}) * ${sql.lit(Math.round(binWidth))}`
        : featureSql(column);
    const rows = await this.store.db
      .selectFrom('inference_log')
      .select([value.as('value'), (eb) => eb.fn.countAll<number | string | bigint>().as('n')])
      .where('target', '=', target)
      .where('at', '>=', from)
      .where('at', '<', to)
      .groupBy(value)
      .execute();
    return rows.map((r) => ({
      value: r.value ?? null,
      n: Number(r.n),
    }));
  }

  /** Distinct values of `column` in the window: whether valueCounts must bin. */
  async distinctValues(
    target: string,
    from: number,
    to: number,
    column: LoggedFeatureColumn,
  ): Promise<number> {
    const row = await this.store.db
      .selectFrom('inference_log')
      .select(sql<number | string | bigint>`COUNT(DISTINCT ${featureSql(column)})`.as('d'))
      .where('target', '=', target)
      .where('at', '>=', from)
      .where('at', '<', to)
      .executeTakeFirst();
    return Number(row?.d ?? 0);
  }

  /** The targets with logged predictions, by name: what `drift` can report on. */
  async targets(limit = 50): Promise<string[]> {
    const rows = await this.store.db
      .selectFrom('inference_log')
      .select('target')
      .distinct()
      .orderBy('target')
      .limit(limit)
      .execute();
    return rows.map((r) => r.target);
  }

  /** The newest predictions first, any target. */
  async latest(limit = 20): Promise<InferenceRecord[]> {
    const rows = await this.store.db
      .selectFrom('inference_log')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toRecord);
  }
}
