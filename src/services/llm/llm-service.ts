import type { ServiceErrorReason } from '../errors';
import type { LlmTarget } from './llm-target';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** Sampling settings a user may change per chat session or per compare column. */
export interface ChatSettings {
  temperature?: number;
  maxTokens?: number;
}

/** Which content-filter stage stopped a call, and the categories that fired. */
export interface FilterOutcome {
  stage: 'prompt' | 'output';
  categories: string[];
}

export interface TokenUsage {
  prompt: number;
  completion: number;
  total: number;
}

/**
 * The outcome of one prediction as a value, not an exception: rate limits, filters and
 * over-long prompts are expected, and every caller (ask, chat, compare, test) must show them.
 */
export interface LlmResult {
  status: 'ok' | 'rate_limited' | 'filtered' | 'too_long' | 'error';
  text?: string;
  finishReason?: string;
  usage: TokenUsage;
  /** Wall time of the whole call, including any retries the service made. */
  latencyMs: number;
  filter?: FilterOutcome;
  /** For rate_limited: how long the service asked us to wait. */
  retryAfterMs?: number;
  errorReason?: ServiceErrorReason;
  /** A sentence for the user; never contains a credential. */
  detail?: string;
}

/** Chat completions against the configured targets; dialogs never see the SDK. */
export interface LlmService {
  readonly targets: readonly LlmTarget[];
  readonly defaultTarget: LlmTarget | undefined;
  findTarget(name: string): LlmTarget | undefined;
  complete(
    target: LlmTarget,
    messages: readonly ChatMessage[],
    settings?: ChatSettings,
  ): Promise<LlmResult>;
}

export const NO_USAGE: TokenUsage = { prompt: 0, completion: 0, total: 0 };

/** The text a user reads for a result that is not `ok`; one place, so every command agrees. */
export function describeLlmFailure(r: LlmResult): string {
  switch (r.status) {
    case 'ok':
      return '';
    case 'rate_limited':
      return `The model is rate-limited. Retry after ${Math.ceil((r.retryAfterMs ?? 60_000) / 1000)} s.`;
    case 'filtered':
      return `Blocked by the ${r.filter?.stage ?? 'content'} filter${r.filter?.categories.length ? ` (${r.filter.categories.join(', ')})` : ''}. Rephrase and try again.`;
    case 'too_long':
      return r.detail ?? 'The prompt is too long. Shorten it and try again.';
    case 'error':
      return r.detail ?? 'The model call failed. Run `status` and try again.';
  }
}
