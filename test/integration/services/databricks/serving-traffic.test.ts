import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../../src/platform/logging/logger';
import { canaryStateOf } from '../../../../src/services/databricks/canary-state';
import { DatabricksAuth } from '../../../../src/services/databricks/databricks-auth';
import { createDatabricksHttp } from '../../../../src/services/databricks/databricks-client';
import {
  DatabricksServing,
  readiness,
  type EndpointSpec,
} from '../../../../src/services/databricks/serving';
import {
  candidateEntityName,
  canaryRoutes,
  entityNameFor,
  entityWire,
  type ServedEntitySpec,
  type SplitSpec,
} from '../../../../src/services/databricks/serving-traffic';
import { ServiceError } from '../../../../src/services/errors';
import { OpenAiLlmService } from '../../../../src/services/llm/openai-llm-service';
import type { LlmTarget } from '../../../../src/services/llm/llm-target';
import { FakeDatabricks } from '../../../fakes/fake-databricks/fake-databricks';
import { fakeServedEntityId } from '../../../fakes/fake-databricks/serving-data-plane';
import { installServing, type FakeServingState } from '../../../fakes/fake-databricks/serving';
import { fakeEcho, startFakeOpenAI, type FakeOpenAI } from '../../../fakes/fake-openai';

const TOKEN = 'dapi-test-token';
let fake: FakeDatabricks;
let openai: FakeOpenAI;
let state: FakeServingState;
let serving: DatabricksServing;

beforeEach(async () => {
  openai = await startFakeOpenAI({ bearerToken: TOKEN, servingEndpoints: ['aoai-chat'] });
  fake = new FakeDatabricks();
  state = installServing(fake, { pollsToSettle: 0, dataPlaneUrl: openai.url, seed: 7 });
  await fake.start();
  serving = new DatabricksServing(
    createDatabricksHttp({
      host: fake.url,
      auth: new DatabricksAuth({ host: fake.url, token: TOKEN }),
      sleep: () => Promise.resolve(),
    }),
  );
});
afterEach(async () => {
  await fake.stop();
  await openai.close();
});

const base: EndpointSpec = {
  name: 'aoai-chat',
  modelName: 'gpt-4o-mini',
  apiBase: 'https://contoso.openai.azure.com/',
  deploymentName: 'chat',
  apiVersion: '2024-10-21',
  secretScope: 'bot',
  secretKey: 'aoai',
};
const current: ServedEntitySpec = { ...base, entityName: entityNameFor(base.modelName) };
const candidate: ServedEntitySpec = {
  ...base,
  modelName: 'gpt-4.1-mini',
  deploymentName: 'chat-next',
  entityName: candidateEntityName('gpt-4.1-mini'),
};
const split = (percent: number): SplitSpec => ({
  name: 'aoai-chat',
  entities: [current, candidate],
  routes: canaryRoutes(current.entityName, candidate.entityName, percent),
});

async function canaryAt(percent: number) {
  await serving.create(base);
  await serving.get('aoai-chat');
  await serving.updateSplit(split(percent));
  const ep = await serving.get('aoai-chat');
  if (!ep) throw new Error('endpoint vanished');
  return ep;
}

describe('serving traffic split', () => {
  it('puts two entities with a 90/10 split and reads both and the routes back', async () => {
    const ep = await canaryAt(10);
    expect(readiness(ep)).toEqual({ phase: 'ready', configVersion: 2 });
    expect(ep.served.map((s) => [s.entityName, s.deploymentName])).toEqual([
      ['gpt-4o-mini', 'chat'],
      ['gpt-4-1-mini-canary', 'chat-next'],
    ]);
    expect(ep.routes).toEqual([
      { entityName: 'gpt-4o-mini', percent: 90 },
      { entityName: 'gpt-4-1-mini-canary', percent: 10 },
    ]);
    const canary = canaryStateOf(ep);
    expect(canary?.current.deploymentName).toBe('chat');
    expect(canary?.candidate.modelName).toBe('gpt-4.1-mini');
    expect([canary?.currentPercent, canary?.candidatePercent]).toEqual([90, 10]);
    expect(canary?.since).toBeTypeOf('number');
  });

  it('a single-entity endpoint is no canary', async () => {
    await serving.create(base);
    const ep = await serving.get('aoai-chat');
    expect(ep?.routes).toEqual([{ entityName: 'gpt-4o-mini', percent: 100 }]);
    expect(ep && canaryStateOf(ep)).toBeUndefined();
  });

  it('refuses routes Databricks would refuse before calling it', async () => {
    await serving.create(base);
    const bad = { ...split(10), routes: [{ entityName: current.entityName, percent: 95 }] };
    const err = await serving.updateSplit(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceError);
    expect((err as ServiceError).reason).toBe('bad-request');
    expect((err as Error).message).toBe('The traffic shares add up to 95 %, not 100 %.');
    expect(fake.requests.filter((r) => r.method === 'PUT')).toHaveLength(0);
  });

  it.each([
    [
      [
        ['gpt-4o-mini', 90],
        ['gpt-4-1-mini-canary', 5],
      ],
      'they add up to 95',
    ],
    [
      [
        ['gpt-4o-mini', 90],
        ['nope', 10],
      ],
      "'nope' in traffic_config does not match",
    ],
    [
      [
        ['gpt-4o-mini', 89.5],
        ['gpt-4-1-mini-canary', 10.5],
      ],
      'must be an integer',
    ],
    [[['gpt-4o-mini', 100]], "'gpt-4-1-mini-canary' has no route"],
  ] as const)(
    'the fake answers 400 INVALID_PARAMETER_VALUE to bad routes %j',
    async (routes, text) => {
      await serving.create(base);
      await serving.get('aoai-chat');
      const res = await fetch(`${fake.url}/api/2.0/serving-endpoints/aoai-chat/config`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          served_entities: [current, candidate].map(entityWire),
          traffic_config: {
            routes: routes.map(([n, p]) => ({ served_entity_name: n, traffic_percentage: p })),
          },
        }),
      });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error_code: string; message: string };
      expect(body.error_code).toBe('INVALID_PARAMETER_VALUE');
      expect(body.message).toContain(text);
    },
  );
});

describe('serving data plane', () => {
  const llm = () =>
    new OpenAiLlmService({
      targets: [
        {
          target: {
            name: 'databricks',
            kind: 'databricks-serving',
            baseUrl: fake.url,
            model: 'aoai-chat',
          },
          apiKey: TOKEN,
        },
      ],
      log: createLogger('silent'),
      maxPromptChars: 2000,
      timeoutMs: 5000,
      maxRetryWaitMs: 1000,
    });
  const USER = [{ role: 'user' as const, content: 'What is MLflow?' }];

  it('invokes one served entity by its own path and records its served_entity_id', async () => {
    await canaryAt(10);
    const svc = llm();
    const target = svc.defaultTarget as LlmTarget;
    const r = await svc.invokeEntity(target, 'gpt-4-1-mini-canary', USER);
    expect(r.status).toBe('ok');
    expect(r.text).toBe(fakeEcho('aoai-chat', 'What is MLflow?'));
    const call = fake.requests.at(-1);
    expect(call?.path).toBe(
      '/serving-endpoints/aoai-chat/served-models/gpt-4-1-mini-canary/invocations',
    );
    expect(call?.body).not.toHaveProperty('model');
    expect(state.inferenceRows.map((row) => [row.served_entity_id, row.status_code])).toEqual([
      [fakeServedEntityId('aoai-chat', 'gpt-4-1-mini-canary'), 200],
    ]);
    const missing = await svc.invokeEntity(target, 'nope', USER);
    expect(missing.status).toBe('error');
    expect(missing.errorReason).toBe('not-found');
  });

  it('routes /invocations by the split, the same way for the same seed, with served-model-name', async () => {
    await canaryAt(10);
    const send = async () => {
      const res = await fetch(`${fake.url}/serving-endpoints/aoai-chat/invocations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ messages: USER }),
      });
      await res.json();
      return res.headers.get('served-model-name');
    };
    const first: (string | null)[] = [];
    for (let i = 0; i < 40; i++) first.push(await send());
    const toCandidate = first.filter((n) => n === 'gpt-4-1-mini-canary').length;
    expect(toCandidate).toBeGreaterThan(0);
    expect(toCandidate).toBeLessThan(12);
    expect(first.filter((n) => n === 'gpt-4o-mini')).toHaveLength(40 - toCandidate);
    state.reseed(7);
    const again: (string | null)[] = [];
    for (let i = 0; i < 40; i++) again.push(await send());
    expect(again).toEqual(first);
    expect(state.inferenceRows).toHaveLength(80);
  });

  it('answers for an entity through answerAs (a regressing candidate)', async () => {
    await canaryAt(50);
    state.answerAs.set('gpt-4-1-mini-canary', () => ({
      status: 500,
      body: { error_code: 'INTERNAL_ERROR', message: 'candidate broke' },
    }));
    const svc = llm();
    const r = await svc.invokeEntity(svc.defaultTarget as LlmTarget, 'gpt-4-1-mini-canary', USER);
    expect(r.status).toBe('error');
    expect(state.inferenceRows.at(-1)?.status_code).toBe(500);
  });
});
