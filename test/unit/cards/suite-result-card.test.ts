import { describe, expect, it } from 'vitest';
import { buildSuiteResultCard, MAX_LISTED_FAILURES } from '../../../src/cards/suite-result-card';
import type { CaseOutcome, SuiteReport } from '../../../src/workflows/prompting/suite-runner';
import { CARD_BYTE_LIMIT, checkCard } from '../../support/card-validator';
import { cardText } from '../../support/bot-harness';

const outcome = (caseId: string, status: CaseOutcome['status'], why = ''): CaseOutcome => ({
  target: 'azure',
  caseId,
  pass: status === 'pass',
  status,
  reasons: status === 'fail' ? [why] : [],
  ungraded: status === 'ungraded' ? [why] : [],
  graderNotes: status === 'pass' && why ? [why] : [],
  latencyMs: 10,
  tokens: 5,
});

function report(cases: CaseOutcome[]): SuiteReport {
  const passed = cases.filter((c) => c.pass).length;
  return {
    suite: 'big',
    cases,
    targets: [
      {
        target: 'azure',
        passed,
        ungraded: cases.filter((c) => c.status === 'ungraded').length,
        total: cases.length,
        passRate: passed / cases.length,
        p50LatencyMs: 10,
        p95LatencyMs: 10,
        totalTokens: 5 * cases.length,
      },
    ],
  };
}

describe('the suite result card', () => {
  it('keeps the English of a deterministic suite as it was', () => {
    const t = cardText(
      buildSuiteResultCard(
        report([outcome('a', 'pass'), outcome('b', 'fail', 'does not contain "x"')]),
      ),
    );
    expect(t).toBe(
      [
        'Prompt suite: big',
        'azure',
        '1/2 passed (50%) · p50 10 ms · p95 10 ms · 10 tokens',
        '**Failing cases (1)**',
        '✖ **b** on azure: does not contain "x"',
      ].join('\n'),
    );
  });

  it('lists failures, then ungraded, then grader notes, and stays under 28 KB with many cases', () => {
    const long = 'because '.repeat(100);
    const cases = [
      ...Array.from({ length: 15 }, (_, i) => outcome(`ok-${i}`, 'pass', `llm-rubric: ${long}`)),
      ...Array.from({ length: 20 }, (_, i) =>
        outcome(`bad-${i}`, 'fail', `llm-rubric failed: ${long}`),
      ),
      ...Array.from({ length: 10 }, (_, i) =>
        outcome(`ug-${i}`, 'ungraded', `llm-rubric ungraded: ${long}`),
      ),
    ];
    const card = buildSuiteResultCard(report(cases));
    const check = checkCard(card);
    expect(check.events).toEqual([]);
    expect(check.bytes).toBeLessThanOrEqual(CARD_BYTE_LIMIT);
    const t = cardText(card);
    expect(t).toContain('15/45 passed (33%) · p50 10 ms · p95 10 ms · 225 tokens · 10 ungraded');
    expect(t.indexOf('**Failing cases (20)**')).toBeLessThan(t.indexOf('**Ungraded (10)**'));
    // 25 lines in all: the 20 failures, then 5 of the ungraded; grader notes only counted.
    expect(t.match(/^✖ /gm)).toHaveLength(20);
    expect(t.match(/^◌ /gm)).toHaveLength(MAX_LISTED_FAILURES - 20);
    expect(t).toContain('…and 5 more.');
    expect(t).toContain('…and 15 more.');
    expect(t).not.toContain('Every case passed');
  });
});
