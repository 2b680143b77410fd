import path from 'node:path';
import { optionalBoolean, optionalString, positiveInt } from './env-fields';

/** Chat-completion targets, limits and the prompt-testing folder. */
export const llmEnvShape = {
  DATABRICKS_SERVING_ENDPOINT: optionalString,
  OPENAI_MODEL: optionalString,
  LLM_DEFAULT_TARGET: optionalString,
  LLM_MAX_PROMPT_CHARS: positiveInt(16_000),
  LLM_TIMEOUT_MS: positiveInt(60_000),
  LLM_MAX_RETRY_WAIT_MS: positiveInt(30_000),
  CHAT_HISTORY_TOKEN_BUDGET: positiveInt(3_000),
  CHAT_IDLE_TIMEOUT_MS: positiveInt(2 * 3_600_000),
  PROMPT_SUITES_DIR: optionalString.transform((v) => v ?? './prompt-suites'),
  INFERENCE_LOG_REDACT_TEXT: optionalBoolean,
  SUITE_GRADER_TARGET: optionalString,
  SUITE_EMBEDDINGS_TARGET: optionalString,
};

export interface LlmConfig {
  readonly servingEndpoint: string | undefined;
  readonly openAIModel: string | undefined;
  readonly defaultTarget: string | undefined;
  readonly maxPromptChars: number;
  readonly timeoutMs: number;
  readonly maxRetryWaitMs: number;
  readonly chatHistoryTokenBudget: number;
  /** A chat session without a message for this long is ended (and its MLflow run closed). */
  readonly chatIdleTimeoutMs: number;
  readonly promptSuitesDir: string;
  readonly redactInferenceText: boolean;
  /**
   * The model that grades `llm-rubric`, `factuality` and `answer-relevance`: a target name as
   * `test --targets` takes it (azure, databricks, openai) or that target's model/deployment name.
   */
  readonly suiteGraderTarget: string | undefined;
  /** Azure OpenAI embeddings deployment (on AZURE_OPENAI_ENDPOINT) for `similar` and relevance. */
  readonly suiteEmbeddingsDeployment: string | undefined;
}

export function llmConfigFrom(e: {
  DATABRICKS_SERVING_ENDPOINT: string | undefined;
  OPENAI_MODEL: string | undefined;
  LLM_DEFAULT_TARGET: string | undefined;
  LLM_MAX_PROMPT_CHARS: number;
  LLM_TIMEOUT_MS: number;
  LLM_MAX_RETRY_WAIT_MS: number;
  CHAT_HISTORY_TOKEN_BUDGET: number;
  CHAT_IDLE_TIMEOUT_MS: number;
  PROMPT_SUITES_DIR: string;
  INFERENCE_LOG_REDACT_TEXT: boolean;
  SUITE_GRADER_TARGET: string | undefined;
  SUITE_EMBEDDINGS_TARGET: string | undefined;
}): LlmConfig {
  return {
    servingEndpoint: e.DATABRICKS_SERVING_ENDPOINT,
    openAIModel: e.OPENAI_MODEL,
    defaultTarget: e.LLM_DEFAULT_TARGET,
    maxPromptChars: e.LLM_MAX_PROMPT_CHARS,
    timeoutMs: e.LLM_TIMEOUT_MS,
    maxRetryWaitMs: e.LLM_MAX_RETRY_WAIT_MS,
    chatHistoryTokenBudget: e.CHAT_HISTORY_TOKEN_BUDGET,
    chatIdleTimeoutMs: e.CHAT_IDLE_TIMEOUT_MS,
    promptSuitesDir: path.resolve(e.PROMPT_SUITES_DIR),
    redactInferenceText: e.INFERENCE_LOG_REDACT_TEXT,
    suiteGraderTarget: e.SUITE_GRADER_TARGET,
    suiteEmbeddingsDeployment: e.SUITE_EMBEDDINGS_TARGET,
  };
}
