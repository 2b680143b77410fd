import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../src/config';
import { featureWindow, type InferenceFacts } from '../../../../src/drift/inference-features';
import {
  canaryVerdict,
  CANARY_CRITERIA,
} from '../../../../src/workflows/canary-eval/canary-verdict';
import {
  compareEntities,
  countedPercentile,
} from '../../../../src/workflows/canary-eval/entity-comparison';
import { CANARY_FEATURES } from '../../../../src/workflows/canary-eval/entity-windows';

const POLICY = {
  criteria: CANARY_CRITERIA,
  passRateTolerance: 0.05,
  latencyTolerance: 0.1,
  errorRateTolerance: 0.01,
  filterRateTolerance: 0.01,
};

/** `n` requests; every `errorEvery`-th fails, latency 100..199 ms scaled by `slow`. */
function facts(n: number, o: { slow?: number; errorEvery?: number; tokens?: number } = {}) {
  return Array.from({ length: n }, (_, i): InferenceFacts => {
    const failed = o.errorEvery !== undefined && i % o.errorEvery === 0;
    const completion = (o.tokens ?? 50) + (i % 20);
    return {
      promptTokens: 30,
      completionTokens: failed ? null : completion,
      totalTokens: failed ? null : 30 + completion,
      latencyMs: Math.round((100 + (i % 100)) * (o.slow ?? 1)),
      promptChars: null,
      responseChars: null,
      finishReason: failed ? null : 'stop',
      model: null,
      status: failed ? 'error' : 'ok',
      contentFiltered: false,
    };
  });
}

const compare = (cur: InferenceFacts[], cand: InferenceFacts[]) =>
  compareEntities(featureWindow(cur, CANARY_FEATURES), featureWindow(cand, CANARY_FEATURES), [
    'completion_tokens',
  ]);

describe('canary verdict', () => {
  it('promotes a candidate within every tolerance, with each criterion met', () => {
    const comparison = compare(facts(400), facts(400, { slow: 1.05 }));
    const v = canaryVerdict({ passRate: { current: 0.9, candidate: 0.86 }, comparison }, POLICY);
    expect(v.decision).toBe('promote');
    expect(v.criteria.map((c) => [c.criterion, c.met])).toEqual(
      CANARY_CRITERIA.map((c) => [c, true]),
    );
    expect(v.criteria[0]).toMatchObject({ current: 0.9, candidate: 0.86, limit: 0.85 });
  });

  it('rolls back on the first criterion out of tolerance and says which ones', () => {
    const comparison = compare(facts(400), facts(400, { slow: 1.5, errorEvery: 10, tokens: 90 }));
    expect(comparison.candidate.errorRate).toBeCloseTo(0.1, 5);
    expect(comparison.current.errorRate).toBe(0);
    const v = canaryVerdict({ passRate: { current: 0.9, candidate: 0.8 }, comparison }, POLICY);
    expect(v.decision).toBe('rollback');
    expect(v.criteria.filter((c) => c.met === false).map((c) => c.criterion)).toEqual([
      'pass_rate',
      'latency',
      'errors',
      'token_drift',
    ]);
  });

  it('is inconclusive without data on a side, and judges only the configured criteria', () => {
    const comparison = compare(facts(400), []);
    const v = canaryVerdict({ passRate: { current: 1, candidate: 1 }, comparison }, POLICY);
    expect(v.decision).toBe('inconclusive');
    expect(v.criteria.find((c) => c.criterion === 'latency')?.met).toBeNull();
    // The suite's p95 stands in for latency when the table has no rows yet.
    const only = canaryVerdict(
      {
        passRate: { current: 1, candidate: 1 },
        suiteP95LatencyMs: { current: 200, candidate: 210 },
        comparison,
      },
      { ...POLICY, criteria: ['pass_rate', 'latency'] },
    );
    expect(only.decision).toBe('promote');
  });

  it('takes the nearest-rank p95 of counted values', () => {
    const counts = new Map<number | string | null, number>([
      [10, 94],
      [20, 1],
      [30, 5],
      [null, 50],
    ]);
    expect(countedPercentile(counts, 95)).toBe(20);
    expect(countedPercentile(new Map(), 95)).toBeNull();
  });

  it('reads its policy from CANARY_* with safe defaults, and refuses an unknown criterion', () => {
    const c = loadConfig({ NODE_ENV: 'test' }).canaryEval;
    expect(c.policy.criteria).toEqual(CANARY_CRITERIA);
    expect(c.servedEntitiesTable).toBe('system.serving.served_entities');
    const set = loadConfig({
      NODE_ENV: 'test',
      CANARY_CRITERIA: 'Pass_Rate, errors',
      CANARY_LATENCY_TOLERANCE: '0.2',
    }).canaryEval;
    expect(set.policy).toMatchObject({ criteria: ['pass_rate', 'errors'], latencyTolerance: 0.2 });
    expect(() => loadConfig({ NODE_ENV: 'test', CANARY_CRITERIA: 'speed' })).toThrow(
      /CANARY_CRITERIA: must list criteria from pass_rate/,
    );
    expect(() => loadConfig({ NODE_ENV: 'test', CANARY_ERROR_RATE_TOLERANCE: '5' })).toThrow(
      /CANARY_ERROR_RATE_TOLERANCE: must be a number from 0 to 1/,
    );
  });
});
