import type { ChatMessage } from '../../services/llm/llm-service';
import type { FactualityChoice } from './prompt-suite';
import type { MessageKey, MessageVars } from '../../chat/i18n';
import type { en } from '../../chat/messages/catalogues';
import type { UserMessage } from '../../services/errors';

/*
 * The grader's prompts and the strict reading of its answers. The prompts follow promptfoo's
 * (llm-rubric, factuality after OpenAI's evals, answer-relevance's question generation) but ask
 * for one JSON object: anything else is "ungraded", never a pass. Pure, so it is unit-tested.
 */

const JSON_ONLY = 'Respond with only one JSON object and no other text, no code fence:';

export function rubricPrompt(output: string, rubric: string): ChatMessage[] {
  return [
    {
      role: 'system',
      content: `You are grading output according to a user-specified rubric. If the statement in the rubric is true, the output passes. ${JSON_ONLY} {"pass": true or false, "score": a number from 0 to 1, "reason": "one sentence"}`,
    },
    { role: 'user', content: `<Output>\n${output}\n</Output>\n<Rubric>\n${rubric}\n</Rubric>` },
  ];
}

export const FACTUALITY_OPTIONS: Record<FactualityChoice, string> = {
  A: 'The submitted answer is a subset of the expert answer and is fully consistent with it.',
  B: 'The submitted answer is a superset of the expert answer and is fully consistent with it.',
  C: 'The submitted answer contains all the same details as the expert answer.',
  D: 'There is a disagreement between the submitted answer and the expert answer.',
  E: "The answers differ, but these differences don't matter from the perspective of factuality.",
};

export function factualityPrompt(input: string, reference: string, output: string): ChatMessage[] {
  const options = Object.entries(FACTUALITY_OPTIONS)
    .map(([k, v]) => `(${k}) ${v}`)
    .join('\n');
  return [
    {
      role: 'system',
      content: `You are comparing a submitted answer to an expert answer on a given question. Compare the factual content only; ignore differences in style, grammar, or punctuation. Select one option:\n${options}\n${JSON_ONLY} {"choice": "A", "B", "C", "D" or "E", "reason": "one sentence"}`,
    },
    {
      role: 'user',
      content: `[Question]: ${input}\n[Expert]: ${reference}\n[Submission]: ${output}`,
    },
  ];
}

/** How many questions answer-relevance asks for (promptfoo and ragas use 3). */
export const RELEVANCE_QUESTIONS = 3;

export function questionsPrompt(output: string): ChatMessage[] {
  return [
    {
      role: 'system',
      content: `Given an answer, write ${RELEVANCE_QUESTIONS} different questions that this answer would answer. ${JSON_ONLY} {"questions": ["...", "...", "..."]}`,
    },
    { role: 'user', content: `<Answer>\n${output}\n</Answer>` },
  ];
}

/** `problem` is a catalogue message: it is shown on the suite card in the reader's language. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: UserMessage };

const problem = (
  key: keyof typeof en.graderNotes,
  vars?: MessageVars,
): { ok: false; problem: UserMessage } => ({
  ok: false,
  problem: { key: `graderNotes.${key}` as MessageKey, ...(vars ? { vars } : {}) },
});

/** The grader's text as one JSON object, or why not (a refusal or prose is not a verdict). */
function object(text: string): Parsed<Record<string, unknown>> {
  const t = text.trim();
  if (t === '') return problem('answeredNothing');
  let v: unknown;
  try {
    v = JSON.parse(t);
  } catch {
    const head = t.length > 80 ? `${t.slice(0, 77)}…` : t;
    return problem('notJson', { head });
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return problem('notObject');
  return { ok: true, value: v as Record<string, unknown> };
}

const reasonOf = (o: Record<string, unknown>) =>
  typeof o.reason === 'string' && o.reason.trim() !== '' ? o.reason.trim() : undefined;

export interface RubricVerdict {
  pass: boolean;
  score: number | undefined;
  reason: string;
}

export function parseRubricAnswer(text: string): Parsed<RubricVerdict> {
  const o = object(text);
  if (!o.ok) return o;
  const { pass, score } = o.value;
  const reason = reasonOf(o.value);
  if (typeof pass !== 'boolean') return problem('noPass');
  if (score !== undefined && (typeof score !== 'number' || !(score >= 0 && score <= 1)))
    return problem('badScore');
  if (!reason) return problem('noReason');
  return { ok: true, value: { pass, score, reason } };
}

export function parseFactualityAnswer(
  text: string,
): Parsed<{ choice: FactualityChoice; reason: string }> {
  const o = object(text);
  if (!o.ok) return o;
  const raw = o.value.choice;
  const choice =
    typeof raw === 'string'
      ? raw
          .trim()
          .replace(/^\((.)\)$/, '$1')
          .toUpperCase()
      : '';
  if (!(choice in FACTUALITY_OPTIONS)) return problem('badChoice');
  const reason = reasonOf(o.value);
  if (!reason) return problem('noReason');
  return { ok: true, value: { choice: choice as FactualityChoice, reason } };
}

export function parseQuestionsAnswer(text: string): Parsed<string[]> {
  const o = object(text);
  if (!o.ok) return o;
  const q = o.value.questions;
  if (!Array.isArray(q) || q.length === 0 || !q.every((x) => typeof x === 'string' && x.trim()))
    return problem('noQuestions');
  return { ok: true, value: (q as string[]).slice(0, RELEVANCE_QUESTIONS) };
}
