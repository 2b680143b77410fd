import type { ServiceErrorReason, UserMessage } from '../errors';
import type { LlmTarget } from './llm-target';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** Sampling settings a user may change per chat session or per compare column. */
export interface ChatSettings {
  temperature?: number;
  maxTokens?: number;
  /** Functions the model may call instead of answering; its choice comes back as `toolCalls`. */
  tools?: readonly ToolDefinition[];
}

/** A function offered to the model: name, what it does, and its parameters as JSON Schema. */
export interface ToolDefinition {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

/** A function the model chose to call, with its arguments as the JSON text it wrote. */
export interface ToolCall {
  name: string;
  arguments: string;
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
  /** The functions the model called instead of answering (only when `tools` were offered). */
  toolCalls?: ToolCall[];
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
  /** `detail` as a catalogue message, for a reader in another language. */
  said?: UserMessage;
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
  /**
   * One served entity of a Databricks serving endpoint target, outside its traffic split
   * (a canary's current or candidate model); other target kinds answer status 'error'.
   */
  invokeEntity(
    target: LlmTarget,
    entityName: string,
    messages: readonly ChatMessage[],
    settings?: ChatSettings,
  ): Promise<LlmResult>;
}

export const NO_USAGE: TokenUsage = { prompt: 0, completion: 0, total: 0 };
