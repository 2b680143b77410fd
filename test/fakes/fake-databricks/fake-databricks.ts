import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a route handler answers; `body` is sent as JSON. */
export interface FakeResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown>;
  params: string[];
  at: number;
}

export type RouteHandler = (req: FakeRequest) => FakeResponse | Promise<FakeResponse>;

/** Databricks' error body: `{"error_code": "...", "message": "..."}`. */
export function dbxError(status: number, errorCode: string, message: string): FakeResponse {
  return { status, body: { error_code: errorCode, message } };
}

export const ok = (body: unknown = {}): FakeResponse => ({ status: 200, body });

interface Route {
  method: string;
  pattern: RegExp;
  handler: RouteHandler;
}

/**
 * A loopback Databricks workspace. Areas (clusters, serving, secrets, jobs, SQL) install their
 * routes and state machines on it; the base handles auth (PAT and OAuth M2M), the error shape,
 * fault injection and a request log, as databricks-mlflow-api.md §0–1 describe.
 */
export class FakeDatabricks {
  readonly requests: FakeRequest[] = [];
  /** Valid bearer tokens; the PAT is accepted from the start, OAuth tokens once issued. */
  readonly tokens = new Set<string>(['dapi-test-token']);
  readonly oauthClients = new Map<string, string>([['sp-client', 'sp-secret']]);
  private readonly routes: Route[] = [];
  private readonly faults: { pattern: RegExp; response: FakeResponse; times: number }[] = [];
  private server: Server | undefined;
  private issued = 0;

  get url(): string {
    const addr = this.server?.address() as AddressInfo | undefined;
    if (!addr) throw new Error('fake Databricks not started');
    return `http://127.0.0.1:${addr.port}`;
  }

  route(method: string, pattern: RegExp, handler: RouteHandler): this {
    this.routes.push({ method, pattern, handler });
    return this;
  }

  /** The next `times` requests whose path matches get this answer instead (429, 503, ...). */
  failNext(pattern: RegExp, response: FakeResponse, times = 1): void {
    this.faults.push({ pattern, response, times });
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(
        (r) => {
          res.writeHead(r.status, { 'content-type': 'application/json', ...r.headers });
          res.end(r.body === undefined ? '' : JSON.stringify(r.body));
        },
        (err: unknown) => {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error_code: 'INTERNAL_ERROR', message: String(err) }));
        },
      );
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      if (!this.server) resolve();
      else this.server.close(() => resolve());
      this.server?.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage): Promise<FakeResponse> {
    let raw = '';
    for await (const chunk of req) raw += String(chunk);
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    if (method === 'POST' && url.pathname === '/oidc/v1/token') return this.token(req, raw);

    let body: Record<string, unknown> = {};
    if (raw) {
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        return dbxError(400, 'MALFORMED_REQUEST', 'Could not parse request object: invalid JSON');
      }
    }
    const auth = req.headers.authorization ?? '';
    if (!auth.startsWith('Bearer ') || !this.tokens.has(auth.slice(7))) {
      return dbxError(401, 'UNAUTHENTICATED', 'Invalid access token.');
    }
    const fake: FakeRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      body,
      params: [],
      at: Date.now(),
    };
    this.requests.push(fake);
    const fault = this.faults.find((f) => f.times > 0 && f.pattern.test(url.pathname));
    if (fault) {
      fault.times--;
      return fault.response;
    }
    for (const r of this.routes) {
      const m = r.method === method ? r.pattern.exec(url.pathname) : null;
      if (m) return r.handler({ ...fake, params: m.slice(1).map((p) => decodeURIComponent(p)) });
    }
    return dbxError(404, 'ENDPOINT_NOT_FOUND', `No API found for '${method} ${url.pathname}'`);
  }

  private token(req: IncomingMessage, raw: string): FakeResponse {
    const basic = (req.headers.authorization ?? '').replace(/^Basic /, '');
    const [id = '', secret = ''] = Buffer.from(basic, 'base64').toString().split(':');
    const form = new URLSearchParams(raw);
    if (form.get('grant_type') !== 'client_credentials' || this.oauthClients.get(id) !== secret) {
      return {
        status: 401,
        body: { error: 'invalid_client', error_description: 'Client authentication failed' },
      };
    }
    const token = `oauth-${++this.issued}`;
    this.tokens.add(token);
    return ok({
      access_token: token,
      token_type: 'Bearer',
      expires_in: 3600,
      scope: form.get('scope') ?? 'all-apis',
    });
  }
}
