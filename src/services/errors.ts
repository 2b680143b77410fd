/**
 * Why a call to an external system failed, in terms a user can act on. Every service error
 * carries one of these; `describeServiceError` turns each into a sentence with a next step.
 */
export type ServiceErrorReason =
  | 'not-configured'
  | 'timeout'
  | 'unreachable'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'rate-limited'
  | 'bad-request'
  | 'server-error'
  | 'invalid-response';

/** A deadline in the words a user reads: "4 s", or "400 ms" below a second. */
export const durationText = (ms: number): string =>
  ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;

/** Base of every typed error raised by src/services. Messages never include secrets or tokens. */
export class ServiceError extends Error {
  constructor(
    readonly service: string,
    readonly reason: ServiceErrorReason,
    message: string,
    readonly details: {
      status?: number;
      code?: string;
      retryAfterMs?: number;
      cause?: unknown;
    } = {},
  ) {
    super(message, { cause: details.cause });
    this.name = 'ServiceError';
  }

  get status(): number | undefined {
    return this.details.status;
  }

  get retryable(): boolean {
    return (
      this.reason === 'rate-limited' ||
      this.reason === 'server-error' ||
      this.reason === 'timeout' ||
      this.reason === 'unreachable'
    );
  }
}

/** Maps a reason to the sentence a user reads; exhaustive so a new reason fails the build. */
export function describeServiceError(err: ServiceError): string {
  const s = err.service;
  switch (err.reason) {
    case 'not-configured':
      return `${s} is not configured. Set its variables (see \`status\` and docs/configuration.md) and restart the bot.`;
    case 'timeout':
      return `${s} did not answer in time. Try again in a minute; if it persists, check \`status\`.`;
    case 'unreachable':
      return `${s} could not be reached. Check its address in the configuration and the network, then run \`status\`.`;
    case 'unauthorized':
      return `${s} rejected the bot's credentials. Renew the token or secret configured for it.`;
    case 'forbidden':
      return `${s} refused the request: the bot's identity lacks permission${err.details.code ? ` (${err.details.code})` : ''}. Grant the role and retry.`;
    case 'not-found':
      return `${s} does not have what was asked for. Check the name or id and try again.`;
    case 'conflict':
      return `${s} reported a conflict with the current state. Run \`status\`, then retry.`;
    case 'rate-limited': {
      const wait = err.details.retryAfterMs;
      return `${s} is rate-limiting the bot. Try again${wait ? ` in ${Math.ceil(wait / 1000)} s` : ' shortly'}.`;
    }
    case 'bad-request':
      return `${s} rejected the request: ${err.message}`;
    case 'server-error':
      return `${s} had an internal error. Try again later.`;
    case 'invalid-response':
      return `${s} sent an answer the bot could not read. Check that its address points at the right service.`;
  }
}
