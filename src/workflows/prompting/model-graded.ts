import { llmFailureMessage } from '../../services/describe-error';
import type { UserMessage } from '../../services/errors';
import { cosine, type EmbeddingsService } from '../../services/llm/embeddings-service';
import type { ChatMessage, LlmResult } from '../../services/llm/llm-service';
import type { LlmTarget } from '../../services/llm/llm-target';
import { reasonOf, type AssertionOutcome } from './assertions';
import {
  factualityPrompt,
  FACTUALITY_OPTIONS,
  parseFactualityAnswer,
  parseQuestionsAnswer,
  parseRubricAnswer,
  questionsPrompt,
  rubricPrompt,
  type Parsed,
} from './grader-prompts';
import { GRADED_KINDS, type GradedKind, type SuiteAssertion } from './prompt-suite';

/** What grades the model-graded assertions; either part may be missing (not configured). */
export interface SuiteGrading {
  /** The grader model (SUITE_GRADER_TARGET), called through the LLM service. */
  grader?: { target: LlmTarget; complete(messages: ChatMessage[]): Promise<LlmResult> };
  /** The embeddings deployment (SUITE_EMBEDDINGS_TARGET). */
  embeddings?: EmbeddingsService;
}

/** promptfoo's defaults: `similar` 0.75; answer-relevance has none there, 0.7 is its example. */
export const DEFAULT_SIMILAR_THRESHOLD = 0.75;
export const DEFAULT_RELEVANCE_THRESHOLD = 0.7;

export type GradingSetting = 'SUITE_GRADER_TARGET' | 'SUITE_EMBEDDINGS_TARGET';

/** The settings a graded kind still needs here; empty when it can run. */
export function missingSettings(kind: GradedKind, grading: SuiteGrading): GradingSetting[] {
  const needs = GRADED_KINDS[kind];
  return [
    ...(needs.grader && !grading.grader ? (['SUITE_GRADER_TARGET'] as const) : []),
    ...(needs.embeddings && !grading.embeddings ? (['SUITE_EMBEDDINGS_TARGET'] as const) : []),
  ];
}

/** `why` is a message (a grader or embeddings problem), or a service's own detail kept as written. */
const ungraded = (kind: GradedKind, why: UserMessage | string): AssertionOutcome => ({
  pass: false,
  ungraded: true,
  ...reasonOf('ungraded', { kind }, { why }),
});

/** One grader call read strictly; a failed call or an unreadable answer is a reason, not a verdict. */
async function ask<T>(
  grading: SuiteGrading,
  messages: ChatMessage[],
  parse: (text: string) => Parsed<T>,
): Promise<Parsed<T>> {
  const grader = grading.grader;
  if (!grader) return { ok: false, problem: { key: 'graderNotes.noGrader' } };
  const r = await grader.complete(messages);
  if (r.status !== 'ok') {
    const failure = llmFailureMessage(r) ?? r.detail ?? '';
    return { ok: false, problem: { key: 'graderNotes.graderFailed', parts: { failure } } };
  }
  return parse(r.text ?? '');
}

async function rubric(
  value: string,
  threshold: number | undefined,
  output: string,
  g: SuiteGrading,
): Promise<AssertionOutcome> {
  const v = await ask(g, rubricPrompt(output, value), parseRubricAnswer);
  if (!v.ok) return ungraded('llm-rubric', v.problem);
  const { pass, score, reason } = v.value;
  if (threshold !== undefined && score === undefined)
    return ungraded('llm-rubric', { key: 'graderNotes.noScore' });
  if (!pass)
    return {
      pass: false,
      ...(score !== undefined
        ? reasonOf('rubricFailedScored', { score, reason })
        : reasonOf('rubricFailed', { reason })),
    };
  if (threshold !== undefined && score !== undefined && score < threshold)
    return { pass: false, ...reasonOf('rubricBelow', { score, threshold, reason }) };
  return {
    pass: true,
    ...(score !== undefined
      ? reasonOf('rubricPassScored', { score, reason })
      : reasonOf('rubricPass', { reason })),
  };
}

async function relevance(
  threshold: number,
  input: string,
  output: string,
  g: SuiteGrading,
): Promise<AssertionOutcome> {
  const q = await ask(g, questionsPrompt(output), parseQuestionsAnswer);
  if (!q.ok) return ungraded('answer-relevance', q.problem);
  const e = await embed(g, [input, ...q.value]);
  if (!e.ok) return ungraded('answer-relevance', e.problem);
  const [query, ...questions] = e.value;
  const scores = questions.map((v) => cosine(query ?? [], v));
  const score = scores.reduce((s, x) => s + x, 0) / Math.max(1, scores.length);
  const worst = q.value[scores.indexOf(Math.min(...scores))] ?? '';
  return score >= threshold
    ? { pass: true, ...reasonOf('relevancePass', { score, threshold }) }
    : { pass: false, ...reasonOf('relevanceFail', { score, threshold, worst }) };
}

/** The vectors, or why not: a message (or a detail an embeddings service wrote as it is). */
async function embed(
  g: SuiteGrading,
  texts: string[],
): Promise<{ ok: true; value: number[][] } | { ok: false; problem: UserMessage | string }> {
  if (!g.embeddings) return { ok: false, problem: { key: 'graderNotes.noEmbeddings' } };
  const r = await g.embeddings.embed(texts);
  return r.status === 'ok'
    ? { ok: true, value: r.vectors }
    : { ok: false, problem: r.said ?? r.detail };
}

/**
 * Checks one model-graded assertion. Never a pass without a verdict: a missing grader, a failed
 * call (timeout, 429 past the wait limit, filter) or an answer not in the asked JSON is ungraded.
 */
export async function checkGraded(
  a: SuiteAssertion,
  input: string,
  output: string,
  g: SuiteGrading,
): Promise<AssertionOutcome | undefined> {
  if ('llm-rubric' in a) {
    const r = a['llm-rubric'];
    return typeof r === 'string'
      ? rubric(r, undefined, output, g)
      : rubric(r.value, r.threshold, output, g);
  }
  if ('factuality' in a) {
    const f = a.factuality;
    const reference = typeof f === 'string' ? f : f.value;
    const failOn = (typeof f === 'string' ? undefined : f['fail-on']) ?? ['D'];
    const v = await ask(g, factualityPrompt(input, reference, output), parseFactualityAnswer);
    if (!v.ok) return ungraded('factuality', v.problem);
    const { choice, reason } = v.value;
    const what = FACTUALITY_OPTIONS[choice].replace(/\.$/, '').toLowerCase();
    return failOn.includes(choice)
      ? { pass: false, ...reasonOf('factualityFailed', { choice, what, reason }) }
      : { pass: true, ...reasonOf('factualityPass', { choice, reason }) };
  }
  if ('similar' in a) {
    const s = a.similar;
    const expected = typeof s === 'string' ? s : s.value;
    const threshold =
      (typeof s === 'string' ? undefined : s.threshold) ?? DEFAULT_SIMILAR_THRESHOLD;
    const e = await embed(g, [output, expected]);
    if (!e.ok) return ungraded('similar', e.problem);
    const score = cosine(e.value[0] ?? [], e.value[1] ?? []);
    return score >= threshold
      ? { pass: true, ...reasonOf('similarPass', { score, threshold }) }
      : { pass: false, ...reasonOf('similarFail', { score, threshold }) };
  }
  if ('answer-relevance' in a) {
    const r = a['answer-relevance'];
    const threshold = (r === true ? undefined : r.threshold) ?? DEFAULT_RELEVANCE_THRESHOLD;
    return relevance(threshold, input, output, g);
  }
  return undefined;
}
