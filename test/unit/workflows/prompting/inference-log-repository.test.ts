import { afterEach, describe, expect, it } from 'vitest';
import { InferenceLogRepository } from '../../../../src/workflows/prompting/inference-log-repository';
import type { LlmTarget } from '../../../../src/services/llm/llm-target';
import { openTestStore, STORE_KINDS, type TestStore } from '../../../support/test-store';

const target: LlmTarget = {
  name: 'azure',
  kind: 'azure-openai',
  baseUrl: 'https://x.openai.azure.com',
  model: 'chat',
};
const other: LlmTarget = { ...target, name: 'databricks', kind: 'databricks-serving' };
const ok = {
  status: 'ok' as const,
  text: 'hello there',
  finishReason: 'stop',
  usage: { prompt: 10, completion: 2, total: 12 },
  latencyMs: 42.4,
};

describe.each(STORE_KINDS)('InferenceLogRepository on %s', (kind) => {
  let t: TestStore | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });
  async function open(redactText: boolean, clock: { t: number }) {
    t = await openTestStore(kind);
    return new InferenceLogRepository(t.store, { redactText, now: () => clock.t });
  }

  it('records every field and reads a target window in time order', async () => {
    const clock = { t: 1000 };
    const repo = await open(false, clock);
    const a = await repo.record({
      source: 'ask',
      target,
      prompt: 'hi',
      result: ok,
      userId: 'u1',
      conversationId: 'c1',
    });
    expect(a).toMatchObject({
      at: 1000,
      source: 'ask',
      target: 'azure',
      targetKind: 'azure-openai',
      model: 'chat',
      prompt: 'hi',
      response: 'hello there',
      promptChars: 2,
      responseChars: 11,
      redacted: false,
      promptTokens: 10,
      completionTokens: 2,
      totalTokens: 12,
      latencyMs: 42,
      status: 'ok',
      finishReason: 'stop',
      filterStage: undefined,
      filterCategories: [],
      userId: 'u1',
      conversationId: 'c1',
    });
    clock.t = 2000;
    await repo.record({
      source: 'chat',
      target,
      prompt: 'bad',
      result: {
        status: 'filtered',
        usage: { prompt: 0, completion: 0, total: 0 },
        latencyMs: 5,
        filter: { stage: 'prompt', categories: ['hate'] },
      },
      userId: 'u1',
      conversationId: 'c1',
    });
    clock.t = 3000;
    await repo.record({
      source: 'test',
      target: other,
      prompt: 'x',
      result: ok,
      userId: undefined,
      conversationId: undefined,
      runId: 'r1',
    });
    const w = await repo.window('azure', 1000, 3000);
    expect(w.map((r) => r.at)).toEqual([1000, 2000]);
    expect(w[1]).toMatchObject({
      status: 'filtered',
      filterStage: 'prompt',
      filterCategories: ['hate'],
      response: undefined,
    });
    expect(await repo.window('azure', 1500, 3000)).toHaveLength(1);
    expect((await repo.window('databricks', 0, 5000))[0]?.runId).toBe('r1');
    expect((await repo.latest(2)).map((r) => r.at)).toEqual([3000, 2000]);
    expect(await repo.window('azure', 0, 5000, 1)).toEqual([a]);
  });

  it('keeps lengths but not text when redaction is on', async () => {
    const repo = await open(true, { t: 1 });
    const r = await repo.record({
      source: 'ask',
      target,
      prompt: 'secret plan',
      result: ok,
      userId: 'u',
      conversationId: 'c',
    });
    expect(r).toMatchObject({
      prompt: undefined,
      response: undefined,
      promptChars: 11,
      responseChars: 11,
      redacted: true,
    });
  });
});
