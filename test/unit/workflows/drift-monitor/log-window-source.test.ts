import { afterEach, describe, expect, it } from 'vitest';
import { computeDriftReport } from '../../../../src/drift/compute-drift-report';
import {
  featureColumns,
  featureWindow,
  type FeatureName,
  type InferenceFacts,
} from '../../../../src/drift/inference-features';
import type { LlmTarget } from '../../../../src/services/llm/llm-target';
import { LogWindowSource } from '../../../../src/workflows/drift-monitor/log-window-source';
import { InferenceLogRepository } from '../../../../src/workflows/prompting/inference-log-repository';
import { openTestStore, STORE_KINDS, type TestStore } from '../../../support/test-store';

const target: LlmTarget = {
  name: 'azure',
  kind: 'azure-openai',
  baseUrl: 'https://x.openai.azure.com',
  model: 'chat',
};
const FEATURES: FeatureName[] = ['latency_ms', 'completion_tokens', 'status', 'content_filter'];

/** One prediction of the seeded window; every 7th is filtered, every 5th failed. */
function prediction(i: number, slow: boolean) {
  const latencyMs = (slow ? 300 : 100) + ((i * 37) % 90);
  const filtered = i % 7 === 0;
  return {
    status: i % 5 === 0 ? ('error' as const) : ('ok' as const),
    text: 'x'.repeat(i % 11),
    finishReason: filtered ? 'content_filter' : 'stop',
    usage: { prompt: 10, completion: 20 + (i % 4), total: 30 + (i % 4) },
    latencyMs,
  };
}

const facts = (i: number, slow: boolean): InferenceFacts => {
  const p = prediction(i, slow);
  return {
    promptTokens: p.usage.prompt,
    completionTokens: p.usage.completion,
    totalTokens: p.usage.total,
    latencyMs: p.latencyMs,
    promptChars: 2,
    responseChars: p.text.length,
    finishReason: p.finishReason,
    model: 'chat',
    status: p.status,
    contentFiltered: p.finishReason === 'content_filter',
  };
};

describe.each(STORE_KINDS)('LogWindowSource on %s', (kind) => {
  let t: TestStore | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  async function seeded(): Promise<LogWindowSource> {
    t = await openTestStore(kind);
    const clock = { t: 0 };
    const repo = new InferenceLogRepository(t.store, { redactText: true, now: () => clock.t });
    for (let i = 0; i < 60; i++) {
      clock.t = i < 30 ? 1_000 + i : 2_000 + i;
      const p = prediction(i, i >= 30);
      await repo.record({
        source: 'ask',
        target,
        prompt: 'hi',
        result: p,
        userId: undefined,
        conversationId: undefined,
      });
    }
    return new LogWindowSource(repo);
  }

  it('counts the whole window in the store and gives the raw rows’ verdicts', async () => {
    const source = await seeded();
    const ref = await source.load('azure', { from: 1_000, to: 2_000 }, FEATURES, 1_000);
    const cur = await source.load('azure', { from: 2_000, to: 3_000 }, FEATURES, 1_000);
    expect(ref.size).toBe(30);
    expect(ref.columns).toEqual({});
    const counted = computeDriftReport(ref, cur, featureColumns(FEATURES));
    const raw = computeDriftReport(
      featureWindow(
        Array.from({ length: 30 }, (_, i) => facts(i, false)),
        FEATURES,
      ),
      featureWindow(
        Array.from({ length: 30 }, (_, i) => facts(i + 30, true)),
        FEATURES,
      ),
      featureColumns(FEATURES),
    );
    expect(counted).toEqual(raw);
    expect(counted.columns[0]).toMatchObject({ name: 'latency_ms', drifted: true });
  });

  it('bins a numerical feature with more distinct values than the cap, and says so', async () => {
    const source = await seeded();
    const ref = await source.load('azure', { from: 1_000, to: 2_000 }, ['latency_ms'], 5);
    const latency = ref.counted?.latency_ms;
    expect(latency?.binWidth).toBe(10);
    expect([...(latency?.counts.keys() ?? [])].every((v) => Number(v) % 10 === 0)).toBe(true);
    const cur = await source.load('azure', { from: 2_000, to: 3_000 }, ['latency_ms'], 5);
    const report = computeDriftReport(ref, cur, { latency_ms: 'numerical' });
    expect(report.columns[0]).toMatchObject({ binning: 'binned to 10 ms', n_reference: 30 });
  });
});
