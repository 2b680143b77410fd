import type { MessageVars } from '../../chat/i18n';
import { messageText } from '../../services/describe-error';
import type { en } from '../../chat/messages/catalogues';
import type { UserMessage } from '../../services/errors';
import type { LlmResult } from '../../services/llm/llm-service';
import type { SuiteAssertion } from './prompt-suite';
import type { RegexMatcher } from './regex-matcher';

export interface AssertionOutcome {
  pass: boolean;
  /** Why it failed, in one short line; for a model-graded pass, the grader's reason. */
  reason?: string;
  /** No verdict (grader missing, failed or unreadable): counted apart, never a pass. */
  ungraded?: boolean;
  /** `reason` as a catalogue message, for the suite card in the reader's language. */
  said?: UserMessage;
}

type OutcomeKey = keyof typeof en.suiteChecks.outcome;

/** A reason in English (MLflow artifact, deploy gate) and as a message for the reader. */
export function reasonOf(
  key: OutcomeKey,
  vars: MessageVars = {},
  parts?: UserMessage['parts'],
): { reason: string; said: UserMessage } {
  const said: UserMessage = {
    key: `suiteChecks.outcome.${key}`,
    vars,
    ...(parts ? { parts } : {}),
  };
  return { reason: messageText(said, 'en'), said };
}

const words = (s: string): string[] => s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/**
 * Cosine similarity of word-count vectors (lower-cased letters and digits). Cheap, deterministic
 * and order-insensitive; 1 means the same words in the same proportions, 0 means none shared.
 */
export function cosineSimilarity(a: string, b: string): number {
  const count = (ws: string[]) =>
    ws.reduce((m, w) => m.set(w, (m.get(w) ?? 0) + 1), new Map<string, number>());
  const va = count(words(a));
  const vb = count(words(b));
  let dot = 0;
  for (const [w, n] of va) dot += n * (vb.get(w) ?? 0);
  const norm = (v: Map<string, number>) =>
    Math.sqrt([...v.values()].reduce((s, n) => s + n * n, 0));
  const d = norm(va) * norm(vb);
  return d === 0 ? 0 : dot / d;
}

const short = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}…` : s);

/** Runs a regex assertion in the matcher's worker, so a runaway pattern fails instead of hanging. */
async function checkRegex(source: string, text: string, regex: RegexMatcher) {
  const o = await regex.test(source, text);
  if (o.kind === 'done')
    return o.matched ? { pass: true } : fail('noMatch', { source: short(source) });
  if (o.kind === 'timeout')
    return fail('regexSlow', { source: short(source), ms: regex.timeLimitMs });
  return fail('regexError', { source: short(source), message: o.message });
}

const fail = (key: OutcomeKey, vars: MessageVars = {}): AssertionOutcome => ({
  pass: false,
  ...reasonOf(key, vars),
});

/**
 * Checks one assertion against one answer; non-ok results fail every assertion with the status.
 * Regexes run in `regex` (a worker with a time limit); every other check is synchronous.
 */
export function checkAssertion(
  a: SuiteAssertion,
  r: LlmResult,
  regex: RegexMatcher,
): AssertionOutcome | Promise<AssertionOutcome> {
  const text = r.text ?? '';
  const ok: AssertionOutcome = { pass: true };
  if ('contains' in a)
    return text.includes(a.contains) ? ok : fail('notContain', { text: short(a.contains) });
  if ('not-contains' in a)
    return text.includes(a['not-contains'])
      ? fail('contains', { text: short(a['not-contains']) })
      : ok;
  if ('regex' in a) return checkRegex(a.regex, text, regex);
  if ('equals' in a)
    return text.trim() === a.equals.trim() ? ok : fail('notEqual', { text: short(a.equals) });
  if ('is-json' in a) {
    try {
      JSON.parse(text);
      return ok;
    } catch {
      return fail('notJson');
    }
  }
  if ('max-latency' in a)
    return r.latencyMs <= a['max-latency']
      ? ok
      : fail('tooSlow', { ms: Math.round(r.latencyMs), max: a['max-latency'] });
  if ('max-tokens' in a)
    return r.usage.completion <= a['max-tokens']
      ? ok
      : fail('tooManyTokens', { used: r.usage.completion, max: a['max-tokens'] });
  if ('similarity' in a) {
    const score = cosineSimilarity(text, a.similarity.expected);
    return score >= a.similarity.threshold
      ? ok
      : fail('similarity', { score, threshold: a.similarity.threshold });
  }
  // Model-graded kinds are checked by model-graded.ts; reaching here is no verdict.
  return { pass: false, ungraded: true, ...reasonOf('notDeterministic') };
}
