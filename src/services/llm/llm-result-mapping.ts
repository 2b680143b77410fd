import type OpenAI from 'openai';
import type { ServiceErrorReason, UserMessage } from '../errors';
import type { LlmResult } from './llm-service';
import type { LlmTarget } from './llm-target';

/*
 * Pure mapping from what the OpenAI-compatible servers answer to the bot's LlmResult values and
 * user sentences; kept apart from the client so it can be read (and tested) on its own.
 */

/** Shape of Azure's filter annotations; read defensively because other servers omit them. */
type FilterResults = Record<string, { filtered?: boolean } | undefined>;

export const firedCategories = (results: unknown): string[] =>
  results && typeof results === 'object'
    ? Object.entries(results as FilterResults)
        .filter(([, v]) => v?.filtered === true)
        .map(([k]) => k)
    : [];

/** HTTP status of a failed call → the reason the user text is chosen by. */
export function reasonOf(status: number | undefined): ServiceErrorReason {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  if (status !== undefined && status >= 500) return 'server-error';
  return 'bad-request';
}

/** A completion → ok, or filtered when the output was cut by a content filter. */
export function resultFromCompletion(r: OpenAI.Chat.ChatCompletion, latencyMs: number): LlmResult {
  const choice = r.choices[0];
  const usage = {
    prompt: r.usage?.prompt_tokens ?? 0,
    completion: r.usage?.completion_tokens ?? 0,
    total: r.usage?.total_tokens ?? 0,
  };
  const finishReason = choice?.finish_reason ?? undefined;
  const text = choice?.message.content ?? undefined;
  if (finishReason === 'content_filter') {
    // Azure's content-filter fields are an extension the openai package's types do not know.
    const results = (choice as unknown as { content_filter_results?: unknown })
      .content_filter_results;
    return {
      status: 'filtered',
      ...(text ? { text } : {}),
      finishReason,
      usage,
      latencyMs,
      filter: { stage: 'output', categories: firedCategories(results) },
    };
  }
  const toolCalls = (choice?.message.tool_calls ?? []).flatMap((c) =>
    c.type === 'function' ? [{ name: c.function.name, arguments: c.function.arguments }] : [],
  );
  return {
    status: 'ok',
    text: text ?? '',
    ...(toolCalls.length > 0 ? { toolCalls } : {}),
    ...(finishReason !== undefined ? { finishReason } : {}),
    usage,
    latencyMs,
  };
}

/** The sentence for a failed call, with what to do next; never the key or raw server text. */
export function failureMessage(
  target: LlmTarget,
  reason: ServiceErrorReason,
  code: string | null | undefined,
): UserMessage {
  const vars = { name: target.name, model: target.model };
  switch (reason) {
    case 'unauthorized':
      return { key: 'graderNotes.model.unauthorized', vars };
    case 'forbidden':
      return { key: 'graderNotes.model.forbidden', vars };
    case 'not-found':
      return code === 'DeploymentNotFound'
        ? { key: 'graderNotes.model.deploymentNotFound', vars }
        : { key: 'graderNotes.model.noModel', vars };
    case 'server-error':
      return { key: 'graderNotes.model.serverError', vars };
    case 'timeout':
    case 'unreachable':
    case 'rate-limited':
    case 'conflict':
    case 'bad-request':
    case 'not-configured':
    case 'invalid-response':
      return code
        ? { key: 'graderNotes.model.rejectedCode', vars: { ...vars, code } }
        : { key: 'graderNotes.model.rejected', vars };
  }
}
