import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../../../src/services/http/http-client';
import {
  observedFetch,
  requestAttributes,
  type HttpObserver,
  type SpanAttributes,
} from '../../../../src/services/http/http-observer';

/** An observer that keeps what it is told: the spans (start and end attributes) and 429s. */
function recorder() {
  const spans: { name: string; attributes: SpanAttributes; failed: boolean }[] = [];
  const throttled: string[] = [];
  const observer: HttpObserver = {
    async clientSpan(name, attributes, fn) {
      const span = { name, attributes: { ...attributes }, failed: false };
      spans.push(span);
      try {
        return await fn((more) => Object.assign(span.attributes, more));
      } catch (err) {
        span.failed = true;
        throw err;
      }
    },
    throttled: (service) => throttled.push(service),
  };
  return { observer, spans, throttled };
}

let server: Server;
let base: string;
/** Status codes the server answers, in order; 200 once they run out. */
let statuses: number[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    const status = statuses.shift() ?? 200;
    res.writeHead(status, { 'content-type': 'application/json', 'retry-after': '0' });
    res.end(JSON.stringify({ ok: status === 200 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('requestAttributes', () => {
  it('keeps the address without query string or user info', () => {
    const url = new URL('https://user:pw@adb-1.azuredatabricks.net:8443/api/2.0/x?token=abc&sig=1');
    expect(requestAttributes('databricks', 'GET', url)).toEqual({
      'llmops.service': 'databricks',
      'http.request.method': 'GET',
      'url.full': 'https://adb-1.azuredatabricks.net:8443/api/2.0/x',
      'server.address': 'adb-1.azuredatabricks.net',
      'server.port': 8443,
    });
  });
});

describe('HttpClient with an observer', () => {
  it('makes each attempt a client span with its status, and counts the 429s', async () => {
    const r = recorder();
    const http = new HttpClient({
      service: 'MLflow',
      baseUrl: base,
      auth: () => ({ authorization: 'Bearer very-secret' }),
      maxRetries: 2,
      sleep: () => Promise.resolve(),
      observer: r.observer,
    });
    statuses = [429, 503];
    expect(await http.get('api/2.0/mlflow/runs/get', { run_id: 'r1' })).toEqual({ ok: true });
    expect(r.spans.map((s) => s.attributes['http.response.status_code'])).toEqual([429, 503, 200]);
    expect(r.spans[0]?.name).toBe('GET /api/2.0/mlflow/runs/get');
    expect(r.spans[0]?.attributes['url.full']).toBe(`${base}/api/2.0/mlflow/runs/get`);
    expect(r.throttled).toEqual(['mlflow']);
    expect(JSON.stringify(r.spans)).not.toContain('very-secret');
    expect(JSON.stringify(r.spans)).not.toContain('run_id');
  });

  it('marks the span of a call that never got an answer as failed', async () => {
    const r = recorder();
    const closed = 'http://127.0.0.1:1';
    const http = new HttpClient({
      service: 'Databricks',
      baseUrl: closed,
      maxRetries: 0,
      observer: r.observer,
    });
    await expect(http.get('api/2.0/clusters/list')).rejects.toThrow(/could not be reached/);
    expect(r.spans).toHaveLength(1);
    expect(r.spans[0]?.failed).toBe(true);
  });
});

describe('observedFetch', () => {
  it('wraps a fetch for SDKs that take one: a span per call, 429s counted', async () => {
    const r = recorder();
    const f = observedFetch(r.observer, 'llm');
    statuses = [429];
    const first = await f(
      new Request(`${base}/openai/deployments/d/chat/completions?api-version=1`, {
        method: 'POST',
        body: '{}',
      }),
    );
    const second = await f(`${base}/v1/models`);
    expect([first.status, second.status]).toEqual([429, 200]);
    expect(r.spans.map((s) => s.name)).toEqual([
      'POST /openai/deployments/d/chat/completions',
      'GET /v1/models',
    ]);
    expect(r.throttled).toEqual(['llm']);
  });
});
