import { type LlmResult } from '../services/llm/llm-service';
import { describeLlmFailure } from '../services/describe-error';
import { card, facts, heading, text } from './card';
import { type AdaptiveCard, type CardElement } from '../chat/adaptive-card';
import { escapeMarkdown } from '../chat/escape-markdown';

/** Longest answer shown in one card; keeps every card well under the 28 KB budget. */
export const MAX_ANSWER_CHARS = 6_000;

export const clip = (s: string, max: number): string =>
  s.length > max ? `${s.slice(0, max - 1)}…` : s;

/** "passed", or which filter stage blocked the call and the categories that fired. */
export function filterOutcome(r: LlmResult): string {
  if (!r.filter) {
    // A failed call never reached the filter: "passed" would claim a check that did not happen.
    if (r.status === 'ok') return 'passed';
    return r.status === 'filtered' ? 'blocked' : 'not checked';
  }
  const cats = r.filter.categories.length ? r.filter.categories.join(', ') : 'unspecified';
  return `blocked at ${r.filter.stage} (${cats})`;
}

/** The facts every answer shows: where it came from and what it cost. */
export function answerFacts(target: string, r: LlmResult): CardElement {
  return facts([
    ['Target', target],
    ['Status', r.status],
    ['Latency', `${Math.round(r.latencyMs)} ms`],
    [
      'Tokens',
      `${r.usage.prompt} prompt · ${r.usage.completion} completion · ${r.usage.total} total`,
    ],
    ['Finish reason', r.finishReason ?? '—'],
    ['Content filter', filterOutcome(r)],
  ]);
}

/** The answer text, or what went wrong and what to do, never empty. */
export function answerBody(r: LlmResult): CardElement[] {
  const out: CardElement[] = [];
  if (r.text) out.push(text(clip(r.text, MAX_ANSWER_CHARS)));
  if (r.status !== 'ok') out.push(text(describeLlmFailure(r), { color: 'Attention' }));
  else if (!r.text) out.push(text('(empty answer)', { isSubtle: true }));
  return out;
}

export interface AnswerView {
  prompt: string;
  /** e.g. `azure (chat @ x.openai.azure.com)`. */
  target: string;
  result: LlmResult;
}

/** `ask`: the model's answer with target, latency, tokens, finish reason and filter outcome. */
export function buildAnswerCard(view: AnswerView): AdaptiveCard {
  return card([
    heading('Answer'),
    text(escapeMarkdown(clip(view.prompt, 500)), { isSubtle: true, size: 'Small' }),
    ...answerBody(view.result),
    answerFacts(view.target, view.result),
  ]);
}
