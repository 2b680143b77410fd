import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ServiceError } from '../../../../src/services/errors';
import {
  HttpClient,
  parseRetryAfter,
  type HttpClientOptions,
} from '../../../../src/services/http/http-client';

const TOKEN = 'Bearer tok-SECRET-abc123';

type Step = (req: IncomingMessage, res: ServerResponse) => void;
const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Step =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

let server: Server;
let baseUrl: string;
let script: Step[];
let seen: { method: string; url: string; auth: string | undefined; body: string }[];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        auth: req.headers.authorization,
        body,
      });
      const step = script.shift() ?? json(200, { ok: true });
      step(req, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});
beforeEach(() => {
  script = [];
  seen = [];
});

function client(extra: Partial<HttpClientOptions> = {}) {
  const sleeps: number[] = [];
  const retries: { attempt: number; status: number | undefined }[] = [];
  const c = new HttpClient({
    service: 'MLflow',
    baseUrl,
    auth: () => ({ authorization: TOKEN }),
    timeoutMs: 2_000,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    onRetry: ({ attempt, status }) => retries.push({ attempt, status }),
    ...extra,
  });
  return { c, sleeps, retries };
}

async function failure(p: Promise<unknown>): Promise<ServiceError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ServiceError);
  const e = err as ServiceError;
  // The credential must never reach error text, whatever the failure.
  expect(
    `${e.message} ${String(e)} ${JSON.stringify({ ...e.details, cause: undefined })}`,
  ).not.toContain('SECRET');
  return e;
}

describe('HttpClient against a loopback server', () => {
  it('sends JSON with the auth header and query, and parses the JSON answer', async () => {
    script = [json(200, { experiments: [1] })];
    const { c } = client();
    const res = await c.request<{ experiments: number[] }>({
      method: 'POST',
      path: '/2.0/search',
      query: { max_results: 1, skip: undefined },
      body: { a: 1 },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ experiments: [1] });
    expect(seen[0]).toEqual({
      method: 'POST',
      url: '/api/2.0/search?max_results=1',
      auth: TOKEN,
      body: '{"a":1}',
    });
  });

  it('honours Retry-After (seconds) on 429 and then succeeds', async () => {
    script = [json(429, { message: 'slow down' }, { 'retry-after': '2' }), json(200, { ok: 1 })];
    const { c, sleeps, retries } = client();
    expect(await c.get('x')).toEqual({ ok: 1 });
    expect(sleeps).toEqual([2_000]);
    expect(retries).toEqual([{ attempt: 1, status: 429 }]);
    expect(seen).toHaveLength(2);
  });

  it('does not wait when Retry-After exceeds the cap: typed rate-limited error with retryAfterMs', async () => {
    script = [json(429, { error: { message: 'quota' } }, { 'retry-after': '120' })];
    const { c, sleeps } = client({ maxRetryDelayMs: 30_000 });
    const e = await failure(c.get('x'));
    expect(e.reason).toBe('rate-limited');
    expect(e.details.retryAfterMs).toBe(120_000);
    expect(e.status).toBe(429);
    expect(e.retryable).toBe(true);
    expect(sleeps).toEqual([]);
    expect(seen).toHaveLength(1);
  });

  it('retries a 503 with a bounded backoff and succeeds', async () => {
    script = [json(503, { message: 'busy' }), json(200, { ok: 2 })];
    const { c, sleeps } = client({ maxRetryDelayMs: 1_000 });
    expect(await c.get('x')).toEqual({ ok: 2 });
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThan(0);
    expect(sleeps[0]).toBeLessThanOrEqual(1_000);
  });

  it('never repeats a POST on 503 unless the request declares it idempotent', async () => {
    script = [json(503, { message: 'busy' })];
    const { c, sleeps } = client();
    const e = await failure(c.post('clusters/create', { name: 'x' }));
    expect(e.reason).toBe('server-error');
    expect(sleeps).toEqual([]);
    expect(seen).toHaveLength(1);

    seen = [];
    script = [json(503, { message: 'busy' }), json(200, { runs: [] })];
    expect(await c.post('runs/search', {}, { idempotent: true })).toEqual({ runs: [] });
    expect(seen.map((s) => s.method)).toEqual(['POST', 'POST']);
  });

  it('does not repeat a POST that timed out either', async () => {
    script = [() => undefined];
    const { c } = client({ timeoutMs: 100 });
    expect((await failure(c.post('clusters/create', {}))).reason).toBe('timeout');
    expect(seen).toHaveLength(1);
  });

  it('gives up after maxRetries with a server-error', async () => {
    script = [json(502, {}), json(504, {}), json(503, { message: 'still busy' })];
    const { c, sleeps } = client({ maxRetries: 2 });
    const e = await failure(c.get('x'));
    expect(e.reason).toBe('server-error');
    expect(e.status).toBe(503);
    expect(e.message).toBe('still busy');
    expect(sleeps).toHaveLength(2);
    expect(seen).toHaveLength(3);
  });

  it('does not retry a 400 and extracts the error message and code', async () => {
    script = [json(400, { error_code: 'INVALID_PARAMETER_VALUE', message: 'max_results too big' })];
    const { c, sleeps } = client();
    const e = await failure(c.get('x'));
    expect(e.reason).toBe('bad-request');
    expect(e.message).toBe('max_results too big');
    expect(e.details.code).toBe('INVALID_PARAMETER_VALUE');
    expect(e.retryable).toBe(false);
    expect(sleeps).toEqual([]);
    expect(seen).toHaveLength(1);
  });

  it.each([
    [
      401,
      'unauthorized',
      { error: { code: 'InvalidAuthenticationToken', message: 'expired' } },
      'expired',
    ],
    [403, 'forbidden', { error_description: 'no role' }, 'no role'],
    [404, 'not-found', { error: { code: 'NotFound' } }, 'NotFound'],
    [409, 'conflict', { detail: 'exists' }, 'exists'],
    [500, 'server-error', 'plain text failure', 'plain text failure'],
  ] as const)('maps %i to %s', async (status, reason, body, message) => {
    script = [
      (_req, res) => {
        res.writeHead(status, {
          'content-type': typeof body === 'string' ? 'text/plain' : 'application/json',
        });
        res.end(typeof body === 'string' ? body : JSON.stringify(body));
      },
    ];
    const { c } = client({ maxRetries: 0 });
    const e = await failure(c.get('x'));
    expect(e.reason).toBe(reason);
    expect(e.message).toBe(message);
  });

  it('reports malformed JSON from a 200 as invalid-response', async () => {
    script = [
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"half":');
      },
    ];
    const e = await failure(client().c.get('x'));
    expect(e.reason).toBe('invalid-response');
  });

  it("times out with reason 'timeout'", async () => {
    script = [() => undefined]; // never answers
    const { c } = client({ timeoutMs: 100, maxRetries: 0 });
    const e = await failure(c.get('slow'));
    expect(e.reason).toBe('timeout');
    expect(e.retryable).toBe(true);
  });

  it('times out when the headers come and the body stalls', async () => {
    script = [
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"partial":'); // and nothing more
      },
    ];
    const { c } = client({ timeoutMs: 300, maxRetries: 0 });
    const started = Date.now();
    const e = await failure(c.get('stalled-body'));
    expect(e.reason).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("reports a refused connection as 'unreachable' after its retries", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const { c, sleeps } = client({ baseUrl: `http://127.0.0.1:${port}`, maxRetries: 1 });
    const e = await failure(c.get('x'));
    expect(e.reason).toBe('unreachable');
    expect(e.message).toBe('MLflow could not be reached.');
    expect(sleeps).toHaveLength(1);
  });

  it('refuses to send a credential over plain http to a non-loopback host', async () => {
    let calls = 0;
    const counting: typeof fetch = (input, init) => {
      calls++;
      return fetch(input, init);
    };
    const { c } = client({ baseUrl: 'http://mlflow.example.test:5000', fetch: counting });
    const e = await failure(c.get('x'));
    expect(e.reason).toBe('not-configured');
    expect(e.message).toContain('https');
    expect(calls).toBe(0);
  });

  it('allows plain http without credentials, and loopback http with them', async () => {
    script = [json(200, { ok: 1 })];
    const { c } = client({ baseUrl: baseUrl.replace('127.0.0.1', 'localhost') });
    expect(await c.get('x')).toEqual({ ok: 1 });
    expect(seen[0]?.auth).toBe(TOKEN);
  });
});

describe('parseRetryAfter', () => {
  it.each([
    ['3', 3_000],
    ['0', 0],
    ['1.5', 1_500],
    ['', undefined],
    ['soon', undefined],
  ])('%j → %j', (value, ms) => {
    expect(parseRetryAfter(value)).toBe(ms);
  });

  it('parses an HTTP date relative to now', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
