import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { checkAssertion, cosineSimilarity } from '../../../../src/workflows/prompting/assertions';
import {
  GRADED_KINDS,
  gradedKindsOf,
  PromptSuiteLibrary,
} from '../../../../src/workflows/prompting/prompt-suite';
import { RegexMatcher } from '../../../../src/workflows/prompting/regex-matcher';
import { percentile } from '../../../../src/workflows/prompting/suite-runner';
import type { LlmResult } from '../../../../src/services/llm/llm-service';

const r = (text: string, extra: Partial<LlmResult> = {}): LlmResult => ({
  status: 'ok',
  text,
  usage: { prompt: 5, completion: 7, total: 12 },
  latencyMs: 120,
  ...extra,
});

describe('checkAssertion', () => {
  const matcher = new RegexMatcher();
  afterAll(() => matcher.close());

  it.each([
    [{ contains: 'MLflow' }, 'MLflow tracks runs', true],
    [{ contains: 'MLflow' }, 'mlflow tracks runs', false],
    [{ 'not-contains': 'sorry' }, 'sure thing', true],
    [{ 'not-contains': 'sorry' }, 'sorry, no', false],
    [{ regex: '^\\d+$' }, '42', true],
    [{ regex: '^\\d+$' }, 'forty-two', false],
    [{ equals: 'yes' }, ' yes\n', true],
    [{ equals: 'yes' }, 'yes!', false],
    [{ 'is-json': true as const }, '{"a":1}', true],
    [{ 'is-json': true as const }, '{a:1}', false],
    [{ 'max-latency': 120 }, 'x', true],
    [{ 'max-latency': 119 }, 'x', false],
    [{ 'max-tokens': 7 }, 'x', true],
    [{ 'max-tokens': 6 }, 'x', false],
    [{ similarity: { expected: 'the cat sat', threshold: 0.99 } }, 'sat the cat', true],
    [{ similarity: { expected: 'the cat sat', threshold: 0.5 } }, 'a dog ran', false],
  ])('%j on %j → %s', async (a, text, pass) => {
    const o = await checkAssertion(a, r(text), matcher);
    expect(o.pass).toBe(pass);
    if (!pass) expect(o.reason).toBeTruthy();
  });

  it('stops a catastrophic regex at the time limit, and the next regex still runs', async () => {
    const fast = new RegexMatcher(200);
    try {
      const started = performance.now();
      const o = await checkAssertion({ regex: '(a+)+$' }, r(`${'a'.repeat(40)}b`), fast);
      expect(o).toMatchObject({ pass: false, reason: 'regex /(a+)+$/ took longer than 200 ms' });
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(await checkAssertion({ regex: 'b$' }, r('aab'), fast)).toEqual({ pass: true });
    } finally {
      await fast.close();
    }
  });

  it('computes cosine similarity over word counts', () => {
    expect(cosineSimilarity('a b', 'a b')).toBeCloseTo(1);
    expect(cosineSimilarity('a a b', 'a')).toBeCloseTo(2 / Math.sqrt(5));
    expect(cosineSimilarity('', 'a')).toBe(0);
  });

  it('uses nearest-rank percentiles', () => {
    expect(percentile([5, 1, 3, 2, 4], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4, 100], 95)).toBe(100);
    expect(percentile([], 50)).toBe(0);
  });
});

describe('PromptSuiteLibrary', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });
  const lib = (files: Record<string, string>) => {
    const d = mkdtempSync(path.join(tmpdir(), 'suites-'));
    dir = d;
    for (const [f, body] of Object.entries(files)) writeFileSync(path.join(d, f), body);
    return new PromptSuiteLibrary(d);
  };

  it('loads the shipped example suite', () => {
    const shipped = new PromptSuiteLibrary(path.resolve(__dirname, '../../../../prompt-suites'));
    const loaded = shipped.load('example');
    expect(loaded.ok).toBe(true);
    if (loaded.ok) expect(loaded.suite.cases.length).toBeGreaterThanOrEqual(3);
  });

  it('loads the shipped graded example, which uses every model-graded kind', () => {
    const shipped = new PromptSuiteLibrary(path.resolve(__dirname, '../../../../prompt-suites'));
    const loaded = shipped.load('graded');
    expect(loaded.ok).toBe(true);
    if (loaded.ok) expect(gradedKindsOf(loaded.suite)).toEqual(Object.keys(GRADED_KINDS));
  });

  it('explains a graded assertion with a wrong shape', () => {
    const l = lib({
      'g.yaml':
        'cases:\n  - id: a\n    input: hi\n    assert:\n      - similar: { value: x, threshold: 2 }\n',
      'f.yaml':
        'cases:\n  - id: a\n    input: hi\n    assert:\n      - factuality: { value: x, fail-on: [F] }\n',
    });
    expect(l.load('g')).toMatchObject({ ok: false });
    expect(l.load('f')).toMatchObject({ ok: false });
  });

  it('lists suites and explains unknown, malformed and invalid ones', () => {
    const l = lib({
      'good.yaml': 'cases:\n  - id: a\n    input: hi\n    assert:\n      - contains: hi\n',
      'bad.yml': 'cases: [',
      'wrong.yaml': 'cases:\n  - id: a\n    input: hi\n    assert:\n      - startswith: hi\n',
      'regex.yaml': "cases:\n  - id: a\n    input: hi\n    assert:\n      - regex: '('\n",
    });
    expect(l.list()).toEqual(['bad', 'good', 'regex', 'wrong']);
    expect(l.load('good')).toMatchObject({ ok: true, suite: { name: 'good' } });
    const problem = (name: string): string => {
      const loaded = l.load(name);
      return loaded.ok ? '' : loaded.problem;
    };
    expect(problem('missing')).toContain('Available: bad, good');
    expect(problem('bad')).toContain('not valid YAML');
    expect(problem('wrong')).toContain('cases.0.assert.0');
    expect(problem('regex')).toContain('invalid regex');
    expect(l.load('../etc/passwd')).toMatchObject({ ok: false });
  });
});
