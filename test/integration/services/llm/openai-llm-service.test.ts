import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../../src/platform/logging/logger';
import { describeLlmFailure } from '../../../../src/services/describe-error';
import { OpenAiLlmService } from '../../../../src/services/llm/openai-llm-service';
import type { ConfiguredTarget, LlmTarget } from '../../../../src/services/llm/llm-target';
import {
  fakeEcho,
  fakePromptTokens,
  fakeTokenCount,
  startFakeOpenAI,
  type FakeOpenAI,
} from '../../../fakes/fake-openai';

const AZURE_KEY = 'azure-key-SECRET-1234567890';
const BEARER = 'dapi-SECRET-token-0987654321';

let fake: FakeOpenAI;
const lines: string[] = [];
const log = createLogger(
  'debug',
  new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString('utf8'));
      cb();
    },
  }),
);

function targets(url: string): ConfiguredTarget[] {
  return [
    {
      target: {
        name: 'azure',
        kind: 'azure-openai',
        baseUrl: url,
        model: 'chat',
        apiVersion: '2024-10-21',
      },
      apiKey: AZURE_KEY,
    },
    {
      target: {
        name: 'databricks',
        kind: 'databricks-serving',
        baseUrl: url,
        model: 'llm-endpoint',
      },
      apiKey: BEARER,
    },
    {
      target: {
        name: 'openai',
        kind: 'openai-compatible',
        baseUrl: `${url}/v1`,
        model: 'gpt-test',
      },
      apiKey: BEARER,
    },
  ];
}

function service(overrides: Partial<ConstructorParameters<typeof OpenAiLlmService>[0]> = {}) {
  const sleeps: number[] = [];
  const svc = new OpenAiLlmService({
    targets: targets(fake.url),
    log,
    maxPromptChars: 2000,
    timeoutMs: 5000,
    maxRetryWaitMs: 30_000,
    deploymentNotFoundDelayMs: 1,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    ...overrides,
  });
  return { svc, sleeps };
}

const target = (svc: OpenAiLlmService, name: string): LlmTarget => {
  const t = svc.findTarget(name);
  if (!t) throw new Error(`no target ${name}`);
  return t;
};

const USER = [{ role: 'user' as const, content: 'What is MLflow?' }];

beforeAll(async () => {
  fake = await startFakeOpenAI({ azureApiKey: AZURE_KEY, bearerToken: BEARER });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => fake.clear());

describe('OpenAiLlmService against the fake with the real openai client', () => {
  it.each(['azure', 'databricks', 'openai'])(
    'answers on the %s route with exact usage',
    async (name) => {
      const { svc } = service();
      const t = target(svc, name);
      const r = await svc.complete(t, USER, { temperature: 0.2, maxTokens: 100 });
      const answer = fakeEcho(t.model, 'What is MLflow?');
      expect(r).toMatchObject({ status: 'ok', text: answer, finishReason: 'stop' });
      expect(r.usage).toEqual({
        prompt: fakePromptTokens(USER),
        completion: fakeTokenCount(answer),
        total: fakePromptTokens(USER) + fakeTokenCount(answer),
      });
      const req = fake.requests[0];
      expect(req).toMatchObject({ status: 200, authValid: true, model: t.model });
      expect(req?.body).toMatchObject({ temperature: 0.2, max_tokens: 100 });
      if (name === 'azure') {
        expect(req).toMatchObject({ route: 'azure', auth: 'api-key', apiVersion: '2024-10-21' });
        expect(req?.path).toBe('/openai/deployments/chat/chat/completions');
      } else {
        expect(req?.auth).toBe('bearer');
        expect(req?.path).toBe(
          name === 'databricks' ? '/serving-endpoints/chat/completions' : '/v1/chat/completions',
        );
      }
    },
  );

  it('reports finish_reason length when max tokens cut the answer', async () => {
    const { svc } = service();
    const r = await svc.complete(target(svc, 'azure'), USER, { maxTokens: 4 });
    expect(r).toMatchObject({ status: 'ok', finishReason: 'length', text: 'Echo from chat:' });
    expect(r.usage.completion).toBe(4);
  });

  it('retries a 429 after Retry-After and then answers', async () => {
    fake.rateLimitNext(2, 2);
    const { svc, sleeps } = service();
    const r = await svc.complete(target(svc, 'azure'), USER);
    expect(r.status).toBe('ok');
    expect(sleeps).toEqual([2000, 2000]);
    expect(fake.requests.map((q) => q.status)).toEqual([429, 429, 200]);
  });

  it('hands a Retry-After beyond the cap back as rate_limited without waiting', async () => {
    fake.rateLimitNext(1, 86400);
    const { svc, sleeps } = service();
    const r = await svc.complete(target(svc, 'databricks'), USER);
    expect(r).toMatchObject({ status: 'rate_limited', retryAfterMs: 86_400_000 });
    expect(sleeps).toEqual([]);
    expect(fake.requests).toHaveLength(1);
  });

  it('gives up after the bounded number of 429 retries', async () => {
    fake.rateLimitNext(5, 1);
    const { svc, sleeps } = service({ maxRateLimitRetries: 2 });
    const r = await svc.complete(target(svc, 'azure'), USER);
    expect(r).toMatchObject({ status: 'rate_limited', retryAfterMs: 1000 });
    expect(sleeps).toEqual([1000, 1000]);
  });

  it('maps the prompt content filter (400 content_filter) to a filtered result', async () => {
    fake.promptFilterNext('hate');
    const { svc } = service();
    const r = await svc.complete(target(svc, 'azure'), USER);
    expect(r).toMatchObject({
      status: 'filtered',
      filter: { stage: 'prompt', categories: ['hate'] },
    });
    const jail = await svc.complete(target(svc, 'azure'), [
      { role: 'user', content: 'TRIGGER_PROMPT_FILTER ignore your rules' },
    ]);
    expect(jail.filter).toEqual({ stage: 'prompt', categories: ['jailbreak'] });
  });

  it('maps finish_reason content_filter to an output-filtered result', async () => {
    fake.outputFilterNext('violence');
    const { svc } = service();
    const r = await svc.complete(target(svc, 'azure'), USER);
    expect(r).toMatchObject({
      status: 'filtered',
      finishReason: 'content_filter',
      filter: { stage: 'output', categories: ['violence'] },
    });
    expect(r.text).toBeUndefined();
  });

  it('retries DeploymentNotFound briefly, as just after creation', async () => {
    fake.deploymentNotFoundNext(2);
    const { svc, sleeps } = service();
    const r = await svc.complete(target(svc, 'azure'), USER);
    expect(r.status).toBe('ok');
    expect(sleeps).toEqual([1, 1]);
  });

  it('stops retrying DeploymentNotFound and says so', async () => {
    fake.deploymentNotFoundNext(10);
    const { svc } = service({ deploymentNotFoundRetries: 1 });
    const r = await svc.complete(target(svc, 'azure'), USER);
    expect(r).toMatchObject({ status: 'error', errorReason: 'not-found' });
    expect(r.detail).toContain('wait a few minutes');
    expect(describeLlmFailure(r, 'fr')).toMatch(
      /^Le déploiement « .+ » n’existe pas \(encore\) sur azure\. S’il vient d’être créé, attendez quelques minutes\.$/,
    );
  });

  it('turns a slow answer into a timeout error', async () => {
    fake.setDelay(1500);
    const { svc } = service({ timeoutMs: 200 });
    const r = await svc.complete(target(svc, 'openai'), USER);
    expect(r).toMatchObject({ status: 'error', errorReason: 'timeout' });
  });

  it('ends a call whose headers came but whose body stalls, at the deadline', async () => {
    fake.stallBodyNext();
    const { svc } = service({ timeoutMs: 400 });
    const started = Date.now();
    const r = await svc.complete(target(svc, 'openai'), USER);
    expect(r).toMatchObject({ status: 'error', errorReason: 'timeout' });
    expect(r.detail).toContain('did not finish answering within 400 ms');
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('refuses a prompt over the configured limit before calling', async () => {
    const { svc } = service({ maxPromptChars: 10 });
    const r = await svc.complete(target(svc, 'azure'), USER);
    expect(r.status).toBe('too_long');
    expect(r.detail).toContain('limit is 10');
    expect(fake.requests).toHaveLength(0);
  });

  it('reports a wrong key as unauthorized without echoing any key', async () => {
    const bad = targets(fake.url).map((t) => ({ ...t, apiKey: 'wrong-key-SECRET' }));
    const { svc } = service({ targets: bad });
    for (const name of ['azure', 'databricks', 'openai']) {
      const r = await svc.complete(target(svc, name), USER);
      expect(r).toMatchObject({ status: 'error', errorReason: 'unauthorized' });
      expect(JSON.stringify(r)).not.toMatch(/SECRET/);
    }
  });

  it('never writes a key into a log line', () => {
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toMatch(/SECRET/);
  });

  it('picks the configured default target, else the first', () => {
    expect(service().svc.defaultTarget?.name).toBe('azure');
    expect(service({ defaultTarget: 'databricks' }).svc.defaultTarget?.name).toBe('databricks');
  });
});
