import { messageText } from '../../../../src/services/describe-error';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../../src/platform/logging/logger';
import { cosine } from '../../../../src/services/llm/embeddings-service';
import { OpenAiEmbeddingsService } from '../../../../src/services/llm/openai-embeddings-service';
import { startFakeOpenAI, type FakeOpenAI } from '../../../fakes/fake-openai';
import { fakeEmbedding, fakeSimilarity } from '../../../fakes/fake-grader';

const KEY = 'aoai-KEY-embeddings-never-shown';
let fake: FakeOpenAI;
const log = createLogger('silent');

const service = (deployment = 'embed', timeoutMs = 2_000) =>
  new OpenAiEmbeddingsService({
    endpoint: `${fake.url}/`,
    deployment,
    apiVersion: '2024-10-21',
    auth: { apiKey: KEY },
    log,
    timeoutMs,
    maxRetryWaitMs: 2_000,
    sleep: () => Promise.resolve(),
  });

beforeAll(async () => {
  fake = await startFakeOpenAI({ azureApiKey: KEY, deployments: ['chat', 'embed'] });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => fake.clear());

describe('the Azure OpenAI embeddings client against the fake', () => {
  it('posts to the deployment, decodes the vectors in input order, and reports usage', async () => {
    const r = await service().embed(['data drift over time', 'drift of data over time', 'bread']);
    if (r.status !== 'ok') throw new Error(r.detail);
    expect(r.vectors).toHaveLength(3);
    expect([...(r.vectors[2] ?? [])].map((x) => Number(x.toFixed(5)))).toEqual(
      fakeEmbedding('bread').map((x) => Number(x.toFixed(5))),
    );
    expect(cosine(r.vectors[0] ?? [], r.vectors[1] ?? [])).toBeCloseTo(
      fakeSimilarity('data drift over time', 'drift of data over time'),
      5,
    );
    expect(r.usage).toEqual({ prompt: 10, total: 10 });
    const [req] = fake.requests;
    expect(req).toMatchObject({
      path: '/openai/deployments/embed/embeddings',
      apiVersion: '2024-10-21',
      auth: 'api-key',
      authValid: true,
    });
  });

  it('retries a 429 within the wait limit, then answers', async () => {
    fake.rateLimitNext(1, 1);
    const r = await service().embed(['x']);
    expect(r.status).toBe('ok');
    expect(fake.requests.map((q) => q.status)).toEqual([429, 200]);
  });

  it('says which deployment is missing, and when one stalls, without the key', async () => {
    const missing = await service('nope').embed(['x']);
    expect(missing).toMatchObject({
      status: 'error',
      detail:
        'embeddings deployment "nope" does not exist on the Azure OpenAI account. Check SUITE_EMBEDDINGS_TARGET.',
    });
    expect(missing.status === 'error' && missing.said && messageText(missing.said, 'fr')).toBe(
      'le déploiement d’embeddings « nope » n’existe pas sur le compte Azure OpenAI. Vérifiez SUITE_EMBEDDINGS_TARGET.',
    );
    fake.stallBodyNext();
    const stalled = await service('embed', 500).embed(['x']);
    expect(stalled).toMatchObject({
      status: 'error',
      detail: 'embeddings deployment "embed" did not answer within 500 ms.',
    });
    expect(JSON.stringify([missing, stalled])).not.toContain(KEY);
  });
});
