import { type LlmResult } from '../services/llm/llm-service';
import { describeLlmFailure } from '../services/describe-error';
import { card, facts, heading, text } from './card';
import { type AdaptiveCard, type CardElement } from '../chat/adaptive-card';
import { escapeMarkdown } from '../chat/escape-markdown';
import { translator, type Lang } from '../chat/i18n';
import { formatNumber } from '../chat/locale-format';

/** Longest answer shown in one card; keeps every card well under the 28 KB budget. */
export const MAX_ANSWER_CHARS = 6_000;

export const clip = (s: string, max: number): string =>
  s.length > max ? `${s.slice(0, max - 1)}…` : s;

/** "passed", or which filter stage blocked the call and the categories that fired. */
export function filterOutcome(r: LlmResult, lang: Lang = 'en'): string {
  const t = translator(lang);
  if (!r.filter) {
    // A failed call never reached the filter: "passed" would claim a check that did not happen.
    if (r.status === 'ok') return t('chat.answer.passed');
    return t(r.status === 'filtered' ? 'chat.answer.blocked' : 'chat.answer.notChecked');
  }
  const categories = r.filter.categories.length
    ? r.filter.categories.join(', ')
    : t('chat.answer.unspecified');
  return t('chat.answer.blockedAt', { stage: r.filter.stage, categories });
}

/** The facts every answer shows: where it came from and what it cost. */
export function answerFacts(target: string, r: LlmResult, lang: Lang = 'en'): CardElement {
  const t = translator(lang);
  // English keeps today's ungrouped digits (word for word); French groups them (`1 234`).
  const n = (x: number) => (lang === 'en' ? String(x) : formatNumber(x, lang));
  return facts([
    [t('chat.answer.target'), target],
    [t('chat.answer.status'), r.status],
    [t('chat.answer.latency'), `${n(Math.round(r.latencyMs))} ms`],
    [
      t('chat.answer.tokens'),
      t('chat.answer.tokenCounts', {
        prompt: n(r.usage.prompt),
        completion: n(r.usage.completion),
        total: n(r.usage.total),
      }),
    ],
    [t('chat.answer.finishReason'), r.finishReason ?? '—'],
    [t('chat.answer.contentFilter'), filterOutcome(r, lang)],
  ]);
}

/** The answer text, or what went wrong and what to do, never empty. */
export function answerBody(r: LlmResult, lang: Lang = 'en'): CardElement[] {
  const out: CardElement[] = [];
  if (r.text) out.push(text(clip(r.text, MAX_ANSWER_CHARS)));
  if (r.status !== 'ok') out.push(text(describeLlmFailure(r, lang), { color: 'Attention' }));
  else if (!r.text) out.push(text(translator(lang)('chat.emptyAnswer'), { isSubtle: true }));
  return out;
}

export interface AnswerView {
  prompt: string;
  /** e.g. `azure (chat @ x.openai.azure.com)`. */
  target: string;
  result: LlmResult;
  /** The reader's language; English when not given. */
  lang?: Lang;
}

/** `ask`: the model's answer with target, latency, tokens, finish reason and filter outcome. */
export function buildAnswerCard(view: AnswerView): AdaptiveCard {
  const lang = view.lang ?? 'en';
  return card([
    heading(translator(lang)('chat.answer.title')),
    text(escapeMarkdown(clip(view.prompt, 500)), { isSubtle: true, size: 'Small' }),
    ...answerBody(view.result, lang),
    answerFacts(view.target, view.result, lang),
  ]);
}
