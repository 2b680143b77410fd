import { translator, type Lang } from '../chat/i18n';

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
export function describeServiceError(err: ServiceError, lang: Lang = 'en'): string {
  const t = translator(lang);
  const service = err.service;
  switch (err.reason) {
    case 'not-configured':
      return t('serviceErrors.notConfigured', { service });
    case 'timeout':
      return t('serviceErrors.timeout', { service });
    case 'unreachable':
      return t('serviceErrors.unreachable', { service });
    case 'unauthorized':
      return t('serviceErrors.unauthorized', { service });
    case 'forbidden':
      return err.details.code
        ? t('serviceErrors.forbiddenCode', { service, code: err.details.code })
        : t('serviceErrors.forbidden', { service });
    case 'not-found':
      return t('serviceErrors.notFound', { service });
    case 'conflict':
      return t('serviceErrors.conflict', { service });
    case 'rate-limited': {
      const wait = err.details.retryAfterMs;
      return wait
        ? t('serviceErrors.rateLimitedWait', { service, seconds: Math.ceil(wait / 1000) })
        : t('serviceErrors.rateLimited', { service });
    }
    case 'bad-request':
      return t('serviceErrors.badRequest', { service, message: err.message });
    case 'server-error':
      return t('serviceErrors.serverError', { service });
    case 'invalid-response':
      return t('serviceErrors.invalidResponse', { service });
  }
}
