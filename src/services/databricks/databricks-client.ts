import type { TokenCredential } from '@azure/identity';
import type { Config } from '../../config';
import { HttpClient } from '../http/http-client';
import { DatabricksAuth } from './databricks-auth';

export interface DatabricksClientOptions {
  /** Workspace URL; DATABRICKS_HOST overrides what ARM reports, so tests can point at a fake. */
  host: string;
  auth: DatabricksAuth;
  timeoutMs?: number;
  maxRetries?: number;
  maxRetryDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * The workspace REST client every Databricks service uses: one HttpClient with bearer auth,
 * retries on 429/502/503/504 honouring Retry-After, and typed errors carrying `error_code`.
 */
export function createDatabricksHttp(o: DatabricksClientOptions): HttpClient {
  return new HttpClient({
    service: 'Databricks',
    baseUrl: o.host,
    auth: () => o.auth.headers(),
    timeoutMs: o.timeoutMs ?? 30_000,
    maxRetries: o.maxRetries ?? 3,
    maxRetryDelayMs: o.maxRetryDelayMs ?? 10_000,
    ...(o.sleep ? { sleep: o.sleep } : {}),
  });
}

/** The configured workspace's client, or undefined when DATABRICKS_HOST is not set. */
export function databricksHttpFromConfig(
  config: Readonly<Config>,
  azureCredential: () => TokenCredential,
  host = config.databricks.host,
): HttpClient | undefined {
  if (!host) return undefined;
  const auth = new DatabricksAuth({
    host,
    token: config.databricks.token,
    clientId: config.databricks.clientId,
    clientSecret: config.databricks.clientSecret,
    azureCredential,
  });
  return createDatabricksHttp({ host, auth, timeoutMs: config.httpTimeoutMs });
}
