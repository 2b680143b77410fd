import { translator, type Lang } from '../chat/i18n';
import { AzureError, describeAzureError } from './azure/azure-error';
import { ClusterError, describeClusterError } from './databricks/cluster-error';
import { describeServiceError, ServiceError, type UserMessage } from './errors';
import type { LlmResult } from './llm/llm-service';

/**
 * An error a user caused or can fix, carrying the sentence they should read (an invalid
 * schedule, a subscription that already exists). Anything may implement it.
 */
export interface UserFacingError extends Error {
  readonly userMessage: string;
  /** The same sentence in the reader's language, when the error has it. */
  textIn?(lang: Lang): string;
}

const isUserFacing = (err: unknown): err is UserFacingError =>
  err instanceof Error && typeof (err as Partial<UserFacingError>).userMessage === 'string';

/** A message in `lang`, its parts rendered in the same language first. */
export function messageText(m: UserMessage, lang: Lang): string {
  const parts = Object.entries(m.parts ?? {}).map(
    ([k, p]) => [k, typeof p === 'string' ? p : messageText(p, lang)] as const,
  );
  return translator(lang)(m.key, { ...m.vars, ...Object.fromEntries(parts) });
}

/**
 * The one place an error becomes the sentence a user reads. Typed errors say what to do next;
 * for anything else it returns undefined, and the caller says something generic (never the
 * raw message, which may hold a URL, an id or a stack).
 */
export function describeError(err: unknown, lang: Lang = 'en'): string | undefined {
  if (err instanceof AzureError) return describeAzureError(err, lang);
  if (err instanceof ClusterError) return describeClusterError(err, lang);
  if (err instanceof ServiceError) return describeServiceError(err, lang);
  if (isUserFacing(err)) return err.textIn ? err.textIn(lang) : err.userMessage;
  return undefined;
}

/**
 * Why a result is not `ok`, as a catalogue message; undefined for `ok`, and for a failure the
 * service described itself (`detail`, e.g. a token count), which is shown as it was written.
 */
export function llmFailureMessage(r: LlmResult): UserMessage | undefined {
  if (r.status !== 'ok' && r.said) return r.said;
  switch (r.status) {
    case 'ok':
      return undefined;
    case 'rate_limited':
      return {
        key: 'llmErrors.rateLimited',
        vars: { seconds: Math.ceil((r.retryAfterMs ?? 60_000) / 1000) },
      };
    case 'filtered': {
      const stage = r.filter?.stage ?? 'content';
      return r.filter?.categories.length
        ? {
            key: 'llmErrors.filteredCategories',
            vars: { stage, categories: r.filter.categories.join(', ') },
          }
        : { key: 'llmErrors.filtered', vars: { stage } };
    }
    case 'too_long':
      return r.detail === undefined ? { key: 'llmErrors.tooLong' } : undefined;
    case 'error':
      return r.detail === undefined ? { key: 'llmErrors.failed' } : undefined;
  }
}

/** The text a user reads for a result that is not `ok`; one place, so every command agrees. */
export function describeLlmFailure(r: LlmResult, lang: Lang = 'en'): string {
  if (r.status === 'ok') return '';
  const m = llmFailureMessage(r);
  return m ? messageText(m, lang) : (r.detail ?? '');
}
