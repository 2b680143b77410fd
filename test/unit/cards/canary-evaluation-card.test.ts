import { describe, expect, it } from 'vitest';
import {
  buildCanaryEvaluationCard,
  canaryEvaluationSummary,
  MAX_FAILING_CASES,
  type CanaryEvaluationView,
} from '../../../src/cards/canary-evaluation-card';
import type { EntityStats } from '../../../src/workflows/canary-eval/entity-comparison';
import { CARD_BYTE_LIMIT, checkCard } from '../../support/card-validator';

const stats = (p95: number, errorRate: number): EntityStats => ({
  requests: 900,
  p95LatencyMs: p95,
  errorRate,
  filterRate: 0.002,
  meanCompletionTokens: 101.25,
  finishReasons: { stop: 0.94, length: 0.05, content_filter: 0.01 },
});

const view = (o: Partial<CanaryEvaluationView> = {}): CanaryEvaluationView => ({
  endpoint: 'chat-endpoint',
  current: 'gpt4o-v1',
  candidate: 'gpt4o-v2',
  from: Date.parse('2026-12-06T20:00:00Z'),
  to: Date.parse('2026-12-06T21:00:00Z'),
  suite: 'smoke',
  passRates: { current: { passed: 9, total: 10 }, candidate: { passed: 7, total: 10 } },
  failingCases: [
    { caseId: 'capital', entity: 'candidate', reasons: ['llm-rubric: names the wrong city'] },
  ],
  stats: { current: stats(420, 0.01), candidate: stats(610, 0.06) },
  verdict: {
    decision: 'rollback',
    criteria: [
      { criterion: 'pass_rate', met: false, current: 0.9, candidate: 0.7, limit: 0.85 },
      { criterion: 'latency', met: false, current: 420, candidate: 610, limit: 462 },
      { criterion: 'errors', met: false, current: 0.01, candidate: 0.06, limit: 0.02 },
      { criterion: 'content_filter', met: null, current: null, candidate: 0.01, limit: null },
      {
        criterion: 'token_drift',
        met: false,
        current: null,
        candidate: 1,
        limit: 0,
        drifted: ['completion_tokens'],
      },
    ],
  },
  runLink: 'http://127.0.0.1:5000/#/experiments/1/runs/abc',
  ...o,
});

const texts = (card: ReturnType<typeof buildCanaryEvaluationCard>) => JSON.stringify(card.body);

describe('buildCanaryEvaluationCard', () => {
  it('shows the verdict, each criterion with its evidence, pass rates, failing cases and traffic', () => {
    const card = buildCanaryEvaluationCard(view());
    const check = checkCard(card);
    expect(check.events).toEqual([]);
    expect(check.bytes).toBeLessThanOrEqual(CARD_BYTE_LIMIT);
    const body = texts(card);
    expect(body).toContain(
      'Verdict: roll back. The candidate is worse on: Pass rate, p95 latency, Error rate, Token use.',
    );
    expect(body).toContain('❌ Pass rate 70% vs 90% (needs at least 85%)');
    expect(body).toContain('❌ p95 latency 610 ms vs 420 ms (needs at most 462 ms)');
    expect(body).toContain('⏳ Content-filter rate: no data yet on one side');
    expect(body).toContain('❌ Token use drifted: completion_tokens');
    expect(body).toContain('7/10 passed (70%)');
    expect(body).toContain('**capital** on candidate: llm-rubric: names the wrong city');
    expect(body).toContain('{{DATE(2026-12-06T20:00:00Z, SHORT)}}');
    expect(body).toContain('stop 94%, length 5%, content_filter 1%');
    // The buttons run the canary command as typed: its plan, approvals and audit apply.
    expect(card.actions?.map((a) => [a.title, a.data])).toEqual([
      ['Promote', { verb: 'run', command: 'canary', args: 'promote chat-endpoint' }],
      ['Roll back', { verb: 'run', command: 'canary', args: 'rollback chat-endpoint' }],
      ['Open MLflow run', undefined],
    ]);
    expect(canaryEvaluationSummary(view())).toBe('Canary evaluation of chat-endpoint: roll back');
  });

  it('after --auto, says what it started and offers no decision buttons', () => {
    const card = buildCanaryEvaluationCard(view({ applied: 'rollback', runLink: undefined }));
    expect(texts(card)).toContain('Applied automatically (--auto): roll back started.');
    expect(card.actions ?? []).toEqual([]);
  });

  it('keeps many failing cases within budget, and says where the rest are', () => {
    const failingCases = Array.from({ length: 200 }, (_, i) => ({
      caseId: `case-${i}`,
      entity: 'candidate' as const,
      reasons: ['x'.repeat(1000), 'y'],
    }));
    const card = buildCanaryEvaluationCard(view({ failingCases }));
    const check = checkCard(card);
    expect(check.events).toEqual([]);
    expect(check.bytes).toBeLessThanOrEqual(CARD_BYTE_LIMIT);
    const body = texts(card);
    expect(body).toContain(`case-${MAX_FAILING_CASES - 1}`);
    expect(body).not.toContain(`case-${MAX_FAILING_CASES}*`);
    expect(body).toContain(
      `…and ${200 - MAX_FAILING_CASES} more (all cases are in the MLflow run).`,
    );
  });

  it('speaks French, with French numbers', () => {
    const card = buildCanaryEvaluationCard(
      view({ lang: 'fr', verdict: { decision: 'promote', criteria: [] }, suite: undefined }),
    );
    expect(checkCard(card).events).toEqual([]);
    const body = texts(card);
    expect(body).toContain('Verdict : promouvoir.');
    expect(body).toContain('Aucune suite exécutée');
    expect(body).toContain('101,3');
    expect(card.actions?.[0]?.title).toBe('Promouvoir');
  });
});
