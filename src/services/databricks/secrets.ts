import { ServiceError } from '../errors';
import type { HttpClient } from '../http/http-client';

/**
 * Databricks secret scopes (reference §4). The serving endpoint reads the Azure OpenAI key from
 * here through a `{{secrets/<scope>/<key>}}` reference, so the key never sits in endpoint
 * config, MLflow, chat or logs.
 */
export interface SecretsService {
  /** Creates the scope when missing; an existing scope is success. Returns whether it was created. */
  ensureScope(scope: string): Promise<boolean>;
  /** Stores (overwrites) a string secret. The value never appears in any error this throws. */
  putSecret(scope: string, key: string, value: string): Promise<void>;
  /** Keys in a scope (values are never returned by Databricks). */
  listKeys(scope: string): Promise<string[]>;
}

/** The reference a serving endpoint config uses instead of the secret's value. */
export const secretReference = (scope: string, key: string): string =>
  `{{secrets/${scope}/${key}}}`;

const isConflict = (err: unknown) =>
  err instanceof ServiceError &&
  (err.reason === 'conflict' ||
    err.details.code === 'RESOURCE_ALREADY_EXISTS' ||
    err.details.code === 'ALREADY_EXISTS');

/** SecretsService over the workspace REST API through the shared Databricks HttpClient. */
export class DatabricksSecrets implements SecretsService {
  constructor(private readonly http: HttpClient) {}

  async ensureScope(scope: string): Promise<boolean> {
    try {
      // A repeat answers RESOURCE_ALREADY_EXISTS, which counts as done below.
      await this.http.post(
        'api/2.0/secrets/scopes/create',
        { scope, scope_backend_type: 'DATABRICKS' },
        { idempotent: true },
      );
      return true;
    } catch (err) {
      if (isConflict(err)) return false;
      throw err;
    }
  }

  async putSecret(scope: string, key: string, value: string): Promise<void> {
    try {
      // put overwrites, so a repeat stores the same value.
      await this.http.post(
        'api/2.0/secrets/put',
        { scope, key, string_value: value },
        { idempotent: true },
      );
    } catch (err) {
      // Rebuild the error so nothing derived from the request (the value) can ride along.
      if (err instanceof ServiceError) {
        throw new ServiceError(
          err.service,
          err.reason,
          `Storing secret ${scope}/${key} failed: ${err.message.split(value).join('***')}`,
          {
            ...(err.details.status !== undefined ? { status: err.details.status } : {}),
            ...(err.details.code !== undefined ? { code: err.details.code } : {}),
          },
        );
      }
      throw new ServiceError('Databricks', 'unreachable', `Storing secret ${scope}/${key} failed.`);
    }
  }

  async listKeys(scope: string): Promise<string[]> {
    const res = await this.http.get<{ secrets?: { key?: string }[] }>('api/2.0/secrets/list', {
      scope,
    });
    return (res?.secrets ?? []).map((s) => s.key ?? '').filter((k) => k !== '');
  }
}
