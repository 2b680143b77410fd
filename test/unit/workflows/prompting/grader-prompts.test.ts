import { describe, expect, it } from 'vitest';
import {
  factualityPrompt,
  parseFactualityAnswer,
  parseQuestionsAnswer,
  parseRubricAnswer,
  rubricPrompt,
} from '../../../../src/workflows/prompting/grader-prompts';
import { translator } from '../../../../src/chat/i18n';
import { messageText } from '../../../../src/services/describe-error';
import { checkGraded, type SuiteGrading } from '../../../../src/workflows/prompting/model-graded';
import type { LlmResult } from '../../../../src/services/llm/llm-service';

describe('reading the grader’s answer strictly', () => {
  it('takes a rubric verdict with pass, an optional 0–1 score and a reason', () => {
    expect(parseRubricAnswer(' {"pass": true, "score": 0.8, "reason": "Covers it."}\n')).toEqual({
      ok: true,
      value: { pass: true, score: 0.8, reason: 'Covers it.' },
    });
    expect(parseRubricAnswer('{"pass": false, "reason": "Misses X."}')).toEqual({
      ok: true,
      value: { pass: false, score: undefined, reason: 'Misses X.' },
    });
  });

  it.each([
    ['Sure, it passes.', 'the grader did not answer in JSON ("Sure, it passes.")'],
    ['```json\n{"pass": true, "reason": "ok"}\n```', 'the grader did not answer in JSON'],
    ['', 'the grader answered nothing'],
    ['[true]', 'the grader answered JSON that is not an object'],
    ['{"pass": "yes", "reason": "ok"}', 'the grader gave no boolean "pass"'],
    [
      '{"pass": true, "score": 7, "reason": "ok"}',
      'the grader\'s "score" is not a number from 0 to 1',
    ],
    ['{"pass": true, "score": 1}', 'the grader gave no "reason"'],
    ['{"pass": true, "reason": "  "}', 'the grader gave no "reason"'],
  ])('refuses %j: %s', (text, problem) => {
    const r = parseRubricAnswer(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(messageText(r.problem, 'en')).toContain(problem);
  });

  it('takes a factuality choice A–E (also written "(D)" or lower case), else refuses', () => {
    expect(parseFactualityAnswer('{"choice": "(d)", "reason": "Lyon is not Paris."}')).toEqual({
      ok: true,
      value: { choice: 'D', reason: 'Lyon is not Paris.' },
    });
    const bad = parseFactualityAnswer('{"choice": "F", "reason": "?"}');
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(messageText(bad.problem, 'en')).toBe(
        'the grader\'s "choice" is not one of A, B, C, D, E',
      );
      expect(messageText(bad.problem, 'fr')).toBe(
        'le « choice » de l’évaluateur n’est pas l’un de A, B, C, D, E',
      );
    }
    expect(parseFactualityAnswer('{"choice": "C"}').ok).toBe(false);
  });

  it('takes at most three non-empty questions', () => {
    expect(parseQuestionsAnswer('{"questions": ["a?", "b?", "c?", "d?"]}')).toEqual({
      ok: true,
      value: ['a?', 'b?', 'c?'],
    });
    expect(parseQuestionsAnswer('{"questions": []}').ok).toBe(false);
    expect(parseQuestionsAnswer('{"questions": ["a?", ""]}').ok).toBe(false);
  });

  it('asks for one JSON object in the prompt, and quotes output, rubric and reference', () => {
    const [system, user] = rubricPrompt('the output', 'the rubric');
    expect(system?.content).toContain('Respond with only one JSON object');
    expect(user?.content).toBe('<Output>\nthe output\n</Output>\n<Rubric>\nthe rubric\n</Rubric>');
    const f = factualityPrompt('q?', 'ref', 'sub');
    expect(f[0]?.content).toContain('(D) There is a disagreement');
    expect(f[1]?.content).toBe('[Question]: q?\n[Expert]: ref\n[Submission]: sub');
  });
});

describe('checkGraded never passes without a verdict', () => {
  const answering = (
    text: string | undefined,
    status: LlmResult['status'] = 'ok',
  ): SuiteGrading => ({
    grader: {
      target: { name: 'azure', kind: 'azure-openai', baseUrl: 'http://127.0.0.1:1', model: 'g' },
      complete: () =>
        Promise.resolve({
          status,
          ...(text !== undefined ? { text } : {}),
          usage: { prompt: 1, completion: 1, total: 2 },
          latencyMs: 1,
          ...(status === 'filtered'
            ? { filter: { stage: 'output' as const, categories: ['hate'] } }
            : {}),
        }),
    },
  });

  it.each([
    [{}, 'llm-rubric ungraded: no grader model (set SUITE_GRADER_TARGET)'],
    [answering('I cannot grade this.'), 'llm-rubric ungraded: the grader did not answer in JSON'],
    [
      answering(undefined, 'filtered'),
      'llm-rubric ungraded: grader Blocked by the output filter (hate)',
    ],
  ])('grading %#', async (g, reason) => {
    const o = await checkGraded({ 'llm-rubric': 'be kind' }, 'in', 'out', g);
    expect(o).toMatchObject({ pass: false, ungraded: true });
    expect(o?.reason).toContain(reason);
  });

  it('applies the threshold to the score, and fails on the factuality choices listed', async () => {
    const g = answering('{"pass": true, "score": 0.6, "reason": "Partly."}');
    expect(
      await checkGraded({ 'llm-rubric': { value: 'x', threshold: 0.5 } }, 'i', 'o', g),
    ).toMatchObject({
      pass: true,
      reason: 'llm-rubric (score 0.60): Partly.',
    });
    expect(
      await checkGraded({ 'llm-rubric': { value: 'x', threshold: 0.7 } }, 'i', 'o', g),
    ).toMatchObject({
      pass: false,
      reason: 'llm-rubric score 0.60 < 0.7: Partly.',
    });
    // The suite card shows it in the reader's language, numbers the French way.
    const below = await checkGraded({ 'llm-rubric': { value: 'x', threshold: 0.7 } }, 'i', 'o', g);
    const said = below?.said;
    expect(said && translator('fr')(said.key, said.vars)).toBe(
      'llm-rubric : score 0,60 < 0,7 : Partly.',
    );
    const a = answering('{"choice": "A", "reason": "Says less."}');
    expect((await checkGraded({ factuality: 'ref' }, 'i', 'o', a))?.pass).toBe(true);
    const strict = { factuality: { value: 'ref', 'fail-on': ['A' as const, 'D' as const] } };
    expect(await checkGraded(strict, 'i', 'o', a)).toMatchObject({
      pass: false,
      reason: expect.stringContaining('factuality failed (A:') as unknown,
    });
    expect(await checkGraded({ contains: 'x' }, 'i', 'o', a)).toBeUndefined();
  });

  it('similar without an embeddings deployment is ungraded', async () => {
    expect(await checkGraded({ similar: 'x' }, 'i', 'o', {})).toMatchObject({
      pass: false,
      ungraded: true,
      reason: 'similar ungraded: no embeddings deployment (set SUITE_EMBEDDINGS_TARGET)',
    });
  });
});
