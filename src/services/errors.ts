import { translator, type Lang, type MessageKey, type MessageVars } from '../chat/i18n';

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

/** A sentence as a catalogue key and its values, rendered later in the reader's language. */
export interface UserMessage {
  readonly key: MessageKey;
  readonly vars?: MessageVars;
  /**
   * Values that are sentences themselves, rendered in the same language (`messageText`), or a
   * text a system wrote, shown as it is (an SDK's reason, a service's detail).
   */
  readonly parts?: Readonly<Record<string, UserMessage | string>>;
}

/** Maps a reason to the sentence a user reads; exhaustive so a new reason fails the build. */
export function serviceErrorMessage(err: ServiceError): UserMessage {
  const service = err.service;
  switch (err.reason) {
    case 'not-configured':
      return { key: 'serviceErrors.notConfigured', vars: { service } };
    case 'timeout':
      return { key: 'serviceErrors.timeout', vars: { service } };
    case 'unreachable':
      return { key: 'serviceErrors.unreachable', vars: { service } };
    case 'unauthorized':
      return { key: 'serviceErrors.unauthorized', vars: { service } };
    case 'forbidden':
      return err.details.code
        ? { key: 'serviceErrors.forbiddenCode', vars: { service, code: err.details.code } }
        : { key: 'serviceErrors.forbidden', vars: { service } };
    case 'not-found':
      return { key: 'serviceErrors.notFound', vars: { service } };
    case 'conflict':
      return { key: 'serviceErrors.conflict', vars: { service } };
    case 'rate-limited': {
      const wait = err.details.retryAfterMs;
      return wait
        ? {
            key: 'serviceErrors.rateLimitedWait',
            vars: { service, seconds: Math.ceil(wait / 1000) },
          }
        : { key: 'serviceErrors.rateLimited', vars: { service } };
    }
    case 'bad-request':
      return { key: 'serviceErrors.badRequest', vars: { service, message: err.message } };
    case 'server-error':
      return { key: 'serviceErrors.serverError', vars: { service } };
    case 'invalid-response':
      return { key: 'serviceErrors.invalidResponse', vars: { service } };
  }
}

/** The sentence for a service error in `lang`. */
export function describeServiceError(err: ServiceError, lang: Lang = 'en'): string {
  const m = serviceErrorMessage(err);
  return translator(lang)(m.key, m.vars);
}
