import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { describeServiceError } from '../../../../src/services/errors';
import {
  detectFlavor,
  HttpMlflowService,
} from '../../../../src/services/mlflow/http-mlflow-service';
import { MlflowError } from '../../../../src/services/mlflow/mlflow-error';

/** A loopback peer that records requests and answers with whatever the test queued. */
let server: Server;
let base: string;
let seen: IncomingMessage[] = [];
type Answer = { status: number; body: unknown };
let answer: Answer | ((url: string) => Answer) = { status: 200, body: {} };

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req);
    req.resume();
    req.on('end', () => {
      const a = typeof answer === 'function' ? answer(req.url ?? '') : answer;
      res.writeHead(a.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(a.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  seen = [];
  answer = { status: 200, body: { experiments: [] } };
});

describe('HttpMlflowService auth', () => {
  it('sends no Authorization header without credentials', async () => {
    await new HttpMlflowService({ baseUrl: base }).searchExperiments();
    expect(seen[0]?.headers.authorization).toBeUndefined();
    expect(seen[0]?.url).toBe('/api/2.0/mlflow/experiments/search');
  });

  it('sends a bearer token', async () => {
    const mlflow = new HttpMlflowService({ baseUrl: base, auth: { kind: 'bearer', token: 't0k' } });
    await mlflow.searchExperiments();
    expect(seen[0]?.headers.authorization).toBe('Bearer t0k');
  });

  it('sends basic credentials', async () => {
    const mlflow = new HttpMlflowService({
      baseUrl: base,
      auth: { kind: 'basic', username: 'u', password: 'p:w' },
    });
    await mlflow.searchExperiments();
    expect(seen[0]?.headers.authorization).toBe(`Basic ${Buffer.from('u:p:w').toString('base64')}`);
  });

  it('turns a 401 into an unauthorized MlflowError that names no secret', async () => {
    answer = { status: 401, body: { error_code: 'UNAUTHENTICATED', message: 'bad token' } };
    const mlflow = new HttpMlflowService({
      baseUrl: base,
      auth: { kind: 'bearer', token: 'SECRET-123' },
    });
    const err = await mlflow.getRun('x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MlflowError);
    expect((err as MlflowError).reason).toBe('unauthorized');
    const text = describeServiceError(err as MlflowError);
    expect(text).toContain('MLflow rejected');
    expect(text).not.toContain('SECRET-123');
  });

  it('branches on error_code, not status: RESOURCE_ALREADY_EXISTS as 400 is a conflict', async () => {
    answer = { status: 400, body: { error_code: 'RESOURCE_ALREADY_EXISTS', message: 'exists' } };
    const err = await new HttpMlflowService({ baseUrl: base })
      .createExperiment('x')
      .catch((e: unknown) => e);
    expect((err as MlflowError).reason).toBe('conflict');
  });

  it('reports a closed port as unreachable', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const address = closed.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    await new Promise((r) => closed.close(r));
    const mlflow = new HttpMlflowService({ baseUrl: `http://127.0.0.1:${port}`, maxRetries: 0 });
    const err = await mlflow.searchExperiments().catch((e: unknown) => e);
    expect((err as MlflowError).reason).toBe('unreachable');
    expect(describeServiceError(err as MlflowError)).toContain('could not be reached');
  });
});

describe('HttpMlflowService links', () => {
  const run = { experimentId: '42', runId: 'abc' };

  it('uses the hash route of the open-source UI', () => {
    const mlflow = new HttpMlflowService({ baseUrl: 'http://mlflow.internal:5000/' });
    expect(mlflow.flavor).toBe('oss');
    expect(mlflow.runLink(run)).toBe('http://mlflow.internal:5000/#/experiments/42/runs/abc');
    expect(mlflow.experimentLink('42')).toBe('http://mlflow.internal:5000/#/experiments/42');
  });

  it('uses /ml/experiments on Databricks, detected from the host', () => {
    const host = 'https://adb-123.4.azuredatabricks.net';
    expect(detectFlavor(host)).toBe('databricks');
    const mlflow = new HttpMlflowService({ baseUrl: host });
    expect(mlflow.runLink(run)).toBe(`${host}/ml/experiments/42/runs/abc`);
  });

  it('prefers the configured UI address', () => {
    const mlflow = new HttpMlflowService({
      baseUrl: 'http://10.0.0.5:5000',
      uiBaseUrl: 'https://mlflow.contoso.com/',
    });
    expect(mlflow.runLink(run)).toBe('https://mlflow.contoso.com/#/experiments/42/runs/abc');
  });
});

describe('HttpMlflowService model versions on Databricks', () => {
  const ws = { name: 'churn', version: '2', status: 'READY', run_id: 'r1' };
  const uc = { name: 'main.ml.churn', version: 3, status: 'READY', run_id: 'r1' };

  it('asks the workspace registry and Unity Catalog, and merges the answers', async () => {
    answer = (url) => ({
      status: 200,
      body: { model_versions: url.includes('/unity-catalog/') ? [uc] : [ws] },
    });
    const mlflow = new HttpMlflowService({ baseUrl: base, flavor: 'databricks' });
    const versions = await mlflow.modelVersionsForRun('r1');
    expect(versions.map((v) => `${v.name} v${v.version}`)).toEqual([
      'churn v2',
      'main.ml.churn v3',
    ]);
    expect(seen.map((r) => decodeURIComponent(r.url ?? ''))).toEqual(
      expect.arrayContaining([
        "/api/2.0/mlflow/model-versions/search?filter=run_id='r1'&max_results=100",
        "/api/2.0/mlflow/unity-catalog/model-versions/search?filter=run_id='r1'&max_results=100",
      ]),
    );
  });

  it('treats a workspace without Unity Catalog as having no UC versions', async () => {
    answer = (url) =>
      url.includes('/unity-catalog/')
        ? { status: 404, body: { error_code: 'ENDPOINT_NOT_FOUND', message: 'no UC' } }
        : { status: 200, body: { model_versions: [ws] } };
    const mlflow = new HttpMlflowService({ baseUrl: base, flavor: 'databricks' });
    expect((await mlflow.modelVersionsForRun('r1')).map((v) => v.name)).toEqual(['churn']);
  });

  it('asks only the workspace registry on open-source MLflow', async () => {
    answer = { status: 200, body: { model_versions: [ws] } };
    await new HttpMlflowService({ baseUrl: base }).modelVersionsForRun('r1');
    expect(seen).toHaveLength(1);
  });
});
