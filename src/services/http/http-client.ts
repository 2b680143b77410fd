import { ServiceError, type ServiceErrorReason } from '../errors';
import { observedFetch, type HttpObserver } from './http-observer';

export interface HttpRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  /** Overrides the client default for one slow call. */
  timeoutMs?: number;
  /**
   * A POST is retried only when this is true: a POST whose first attempt succeeded behind a 503
   * or a timeout would otherwise do its work twice (a second billable cluster). Declare it for
   * read-only POSTs (searches) and for POSTs the server deduplicates (an idempotency token).
   */
  idempotent?: boolean;
}

export interface HttpResponse<T> {
  status: number;
  headers: Headers;
  body: T;
}

export interface HttpClientOptions {
  /** Human name used in error messages ("MLflow", "Databricks"). */
  service: string;
  baseUrl: string;
  /** Called per request so short-lived tokens are refreshed; returns extra headers. */
  auth?: () => Promise<Record<string, string>> | Record<string, string>;
  timeoutMs?: number;
  /**
   * Retries after the first attempt for 429/502/503/504 and network errors; POSTs only when the
   * request says `idempotent`.
   */
  maxRetries?: number;
  /** Upper bound on any single wait, even when Retry-After asks for more. */
  maxRetryDelayMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  onRetry?: (info: { attempt: number; status: number | undefined; delayMs: number }) => void;
  /** Telemetry: each attempt a child span of the current turn, each 429 counted. */
  observer?: HttpObserver;
  /** The `service` label in telemetry; `service` in lower case by default. */
  observedAs?: string;
}

const RETRY_STATUSES = new Set([429, 502, 503, 504]);

/** Parses Retry-After (seconds or HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function reasonForStatus(status: number): ServiceErrorReason {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'server-error';
  return 'bad-request';
}

/** Pulls a short human message out of the usual JSON error shapes, never echoing headers. */
function errorText(body: unknown, status: number): { message: string; code?: string } {
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    const inner = (b.error && typeof b.error === 'object' ? b.error : b) as Record<string, unknown>;
    const message = inner.message ?? b.message ?? b.error_description ?? b.detail;
    const code = inner.code ?? b.error_code ?? (typeof b.error === 'string' ? b.error : undefined);
    if (typeof message === 'string') {
      return { message: message.slice(0, 500), ...(typeof code === 'string' ? { code } : {}) };
    }
    if (typeof code === 'string') return { message: code, code };
  }
  if (typeof body === 'string' && body.trim() !== '') return { message: body.slice(0, 300) };
  return { message: `HTTP ${status}` };
}

const isLoopback = (u: URL) =>
  u.hostname === 'localhost' || u.hostname === '[::1]' || /^127\./.test(u.hostname);

/**
 * The one HTTP wrapper every service uses: per-request timeout, bounded retries that honour
 * Retry-After, JSON in and out, and typed errors whose text never contains a credential.
 */
export class HttpClient {
  private readonly fetchImpl: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: HttpClientOptions) {
    const inner = options.fetch ?? fetch;
    this.fetchImpl = options.observer
      ? observedFetch(options.observer, options.observedAs ?? options.service.toLowerCase(), inner)
      : inner;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  get service(): string {
    return this.options.service;
  }

  url(path: string, query?: HttpRequest['query']): URL {
    const base = this.options.baseUrl.endsWith('/')
      ? this.options.baseUrl
      : `${this.options.baseUrl}/`;
    const url = new URL(path.replace(/^\//, ''), base);
    for (const [k, v] of Object.entries(query ?? {})) {
      if (v !== undefined) url.searchParams.set(k, String(v));
    }
    return url;
  }

  async request<T>(req: HttpRequest): Promise<HttpResponse<T>> {
    const { service } = this.options;
    const url = this.url(req.path, req.query);
    const authHeaders = this.options.auth ? await this.options.auth() : {};
    if (url.protocol === 'http:' && !isLoopback(url) && Object.keys(authHeaders).length > 0) {
      // A bearer token over plain http can be read by anyone on the path.
      throw new ServiceError(
        service,
        'not-configured',
        `${service} address uses http://; credentials are only sent over https (or to a loopback address).`,
      );
    }
    const method = req.method ?? 'GET';
    const maxRetries =
      method !== 'POST' || req.idempotent === true ? (this.options.maxRetries ?? 2) : 0;
    for (let attempt = 0; ; attempt++) {
      let status: number | undefined;
      let retryAfterMs: number | undefined;
      let failure: ServiceError;
      try {
        const res = await this.fetchImpl(url, {
          method,
          headers: {
            accept: 'application/json',
            ...(req.body !== undefined ? { 'content-type': 'application/json' } : {}),
            ...authHeaders,
            ...req.headers,
          },
          body: req.body !== undefined ? JSON.stringify(req.body) : null,
          // The signal stays armed while the body is read, so the deadline covers the whole
          // response: a server that sends headers and then stalls still times out.
          signal: AbortSignal.timeout(req.timeoutMs ?? this.options.timeoutMs ?? 15_000),
        });
        status = res.status;
        const text = await res.text();
        let body: unknown = text;
        if (text !== '') {
          try {
            body = JSON.parse(text);
          } catch {
            if (res.ok && (res.headers.get('content-type') ?? '').includes('json')) {
              throw new ServiceError(
                service,
                'invalid-response',
                `${service} returned malformed JSON.`,
              );
            }
          }
        } else {
          body = undefined;
        }
        if (res.ok) return { status: res.status, headers: res.headers, body: body as T };
        retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
        const { message, code } = errorText(body, res.status);
        failure = new ServiceError(service, reasonForStatus(res.status), message, {
          status: res.status,
          ...(code !== undefined ? { code } : {}),
          ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
        });
        if (!RETRY_STATUSES.has(res.status)) throw failure;
      } catch (err) {
        if (err instanceof ServiceError && (status === undefined || !RETRY_STATUSES.has(status))) {
          throw err;
        }
        failure = err instanceof ServiceError ? err : this.networkError(err);
      }
      if (attempt >= maxRetries) throw failure;
      const cap = this.options.maxRetryDelayMs ?? 30_000;
      if (retryAfterMs !== undefined && retryAfterMs > cap) throw failure;
      const backoff = Math.min(cap, 250 * 2 ** attempt) * (0.5 + Math.random() / 2);
      const delayMs = Math.min(cap, retryAfterMs ?? backoff);
      this.options.onRetry?.({ attempt: attempt + 1, status, delayMs });
      await this.sleep(delayMs);
    }
  }

  async get<T>(path: string, query?: HttpRequest['query']): Promise<T> {
    return (await this.request<T>({ path, ...(query ? { query } : {}) })).body;
  }

  /** `idempotent`: see HttpRequest; without it a failed POST is never sent again. */
  async post<T>(path: string, body: unknown, options: { idempotent?: boolean } = {}): Promise<T> {
    return (await this.request<T>({ method: 'POST', path, body, ...options })).body;
  }

  private networkError(err: unknown): ServiceError {
    const name = err instanceof Error ? err.name : '';
    const service = this.options.service;
    if (name === 'TimeoutError' || name === 'AbortError') {
      return new ServiceError(service, 'timeout', `${service} timed out.`, { cause: err });
    }
    return new ServiceError(service, 'unreachable', `${service} could not be reached.`, {
      cause: err,
    });
  }
}
