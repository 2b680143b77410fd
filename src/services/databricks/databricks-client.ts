import type { TokenCredential } from '@azure/identity';
import { HttpClient } from '../http/http-client';
import type { HttpObserver } from '../http/http-observer';
import { DatabricksAuth } from './databricks-auth';

export interface DatabricksClientOptions {
  /** Workspace URL; DATABRICKS_HOST overrides what ARM reports, so tests can point at a fake. */
  host: string;
  auth: DatabricksAuth;
  timeoutMs?: number;
  maxRetries?: number;
  maxRetryDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  observer?: HttpObserver;
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
    ...(o.observer ? { observer: o.observer } : {}),
  });
}

/** How to reach the workspace; the composition root maps config to it and adds the credential. */
export interface DatabricksConnection {
  /** DATABRICKS_HOST; when unset, a caller may still know a workspace URL (from ARM). */
  readonly host: string | undefined;
  readonly token: string | undefined;
  readonly clientId: string | undefined;
  readonly clientSecret: string | undefined;
  readonly timeoutMs: number;
  /** Entra token source (the bot's one DefaultAzureCredential) for the `entra` auth kind. */
  readonly azureCredential: () => TokenCredential;
  /** Telemetry for every workspace call (spans, 429s); none by default. */
  readonly observer?: HttpObserver;
}

/** The workspace's client at `host` (the configured one by default), or undefined without one. */
export function databricksHttp(
  c: DatabricksConnection,
  host: string | undefined = c.host,
): HttpClient | undefined {
  if (!host) return undefined;
  const auth = new DatabricksAuth({
    host,
    token: c.token,
    clientId: c.clientId,
    clientSecret: c.clientSecret,
    azureCredential: c.azureCredential,
  });
  return createDatabricksHttp({
    host,
    auth,
    timeoutMs: c.timeoutMs,
    ...(c.observer ? { observer: c.observer } : {}),
  });
}
