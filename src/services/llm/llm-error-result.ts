import type { Logger } from 'pino';
import type { LlmResult } from './llm-service';
import { messageText } from '../describe-error';
import type { UserMessage } from '../errors';
import { NO_USAGE } from './llm-service';
import type { LlmTarget } from './llm-target';
import { failureMessage, firedCategories, reasonOf } from './llm-result-mapping';

/** A result's sentence in English (`detail`, logs and MLflow) and as a message for the reader. */
export const saidAndDetail = (said: UserMessage): { detail: string; said: UserMessage } => ({
  detail: messageText(said, 'en'),
  said,
});

/** What mapping an SDK error needs from the service: the loaded SDK, its log, its timeout text. */
export interface ErrorHelpers {
  sdk: typeof import('openai');
  log: Logger;
  timedOut: (latencyMs: number) => LlmResult;
}

/**
 * A failed call as a result value: timeouts, unreachable hosts, content filters, over-long
 * prompts and API errors each get their status and a sentence that never carries a credential.
 */
export function errorResult(
  err: unknown,
  target: LlmTarget,
  latencyMs: number,
  h: ErrorHelpers,
): LlmResult {
  const base = { usage: NO_USAGE, latencyMs };
  if (err instanceof h.sdk.APIConnectionTimeoutError) return h.timedOut(latencyMs);
  if (err instanceof h.sdk.APIConnectionError) {
    return {
      ...base,
      status: 'error',
      errorReason: 'unreachable',
      ...saidAndDetail({ key: 'graderNotes.model.unreachable', vars: { name: target.name } }),
    };
  }
  if (err instanceof h.sdk.APIError) {
    const body = (err.error ?? {}) as {
      innererror?: { content_filter_result?: unknown };
    };
    if (err.status === 400 && err.code === 'content_filter') {
      return {
        ...base,
        status: 'filtered',
        finishReason: 'content_filter',
        filter: {
          stage: 'prompt',
          categories: firedCategories(body.innererror?.content_filter_result),
        },
      };
    }
    if (err.status === 400 && err.code === 'context_length_exceeded') {
      return {
        ...base,
        status: 'too_long',
        errorReason: 'bad-request',
        ...saidAndDetail({ key: 'graderNotes.model.tooLong', vars: { model: target.model } }),
      };
    }
    const reason = reasonOf(err.status as number | undefined);
    h.log.warn({ target: target.name, status: err.status, code: err.code }, 'LLM call failed');
    return {
      ...base,
      status: 'error',
      errorReason: reason,
      ...saidAndDetail(failureMessage(target, reason, err.code)),
    };
  }
  h.log.error({ target: target.name, err }, 'LLM call failed unexpectedly');
  return {
    ...base,
    status: 'error',
    errorReason: 'invalid-response',
    ...saidAndDetail({ key: 'graderNotes.model.unreadable', vars: { name: target.name } }),
  };
}
