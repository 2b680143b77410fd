import { ServiceError, type ServiceErrorReason } from '../errors';

/**
 * MLflow's `error_code` decides the reason, not the HTTP status: the open-source server sends
 * RESOURCE_ALREADY_EXISTS as 400 and gateways may rewrite statuses.
 */
const REASON_BY_CODE: Readonly<Record<string, ServiceErrorReason>> = {
  RESOURCE_DOES_NOT_EXIST: 'not-found',
  NOT_FOUND: 'not-found',
  ENDPOINT_NOT_FOUND: 'not-found',
  INVALID_PARAMETER_VALUE: 'bad-request',
  BAD_REQUEST: 'bad-request',
  MALFORMED_REQUEST: 'bad-request',
  INVALID_STATE: 'bad-request',
  RESOURCE_ALREADY_EXISTS: 'conflict',
  ALREADY_EXISTS: 'conflict',
  RESOURCE_CONFLICT: 'conflict',
  ABORTED: 'conflict',
  UNAUTHENTICATED: 'unauthorized',
  PERMISSION_DENIED: 'forbidden',
  REQUEST_LIMIT_EXCEEDED: 'rate-limited',
  RESOURCE_EXHAUSTED: 'rate-limited',
  TOO_MANY_REQUESTS: 'rate-limited',
  INTERNAL_ERROR: 'server-error',
  TEMPORARILY_UNAVAILABLE: 'server-error',
  DEADLINE_EXCEEDED: 'timeout',
};

/** A failed MLflow call; `code` is MLflow's error_code when the server sent one. */
export class MlflowError extends ServiceError {
  constructor(reason: ServiceErrorReason, message: string, details: ServiceError['details'] = {}) {
    super('MLflow', reason, message, details);
    this.name = 'MlflowError';
  }

  get code(): string | undefined {
    return this.details.code;
  }
}

/** Re-types an HttpClient failure by MLflow's error_code; anything else passes through. */
export function toMlflowError(err: unknown): unknown {
  if (!(err instanceof ServiceError) || err instanceof MlflowError) return err;
  const code = err.details.code;
  const reason = (code !== undefined ? REASON_BY_CODE[code] : undefined) ?? err.reason;
  return new MlflowError(reason, err.message, { ...err.details, cause: err });
}
