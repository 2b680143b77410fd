import { AzureError, describeAzureError } from './azure/azure-error';
import { ClusterError, describeClusterError } from './databricks/cluster-error';
import { describeServiceError, ServiceError } from './errors';
import type { LlmResult } from './llm/llm-service';

/**
 * An error a user caused or can fix, carrying the sentence they should read (an invalid
 * schedule, a subscription that already exists). Anything may implement it.
 */
export interface UserFacingError extends Error {
  readonly userMessage: string;
}

const isUserFacing = (err: unknown): err is UserFacingError =>
  err instanceof Error && typeof (err as Partial<UserFacingError>).userMessage === 'string';

/**
 * The one place an error becomes the sentence a user reads. Typed errors say what to do next;
 * for anything else it returns undefined, and the caller says something generic (never the
 * raw message, which may hold a URL, an id or a stack).
 */
export function describeError(err: unknown): string | undefined {
  if (err instanceof AzureError) return describeAzureError(err);
  if (err instanceof ClusterError) return describeClusterError(err);
  if (err instanceof ServiceError) return describeServiceError(err);
  if (isUserFacing(err)) return err.userMessage;
  return undefined;
}

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
