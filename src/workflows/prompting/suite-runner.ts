import {
  type ChatMessage,
  type ChatSettings,
  type LlmResult,
} from '../../services/llm/llm-service';
import { describeLlmFailure, llmFailureMessage } from '../../services/describe-error';
import type { UserMessage } from '../../services/errors';
import type { LlmTarget } from '../../services/llm/llm-target';
import { checkAssertion, type AssertionOutcome } from './assertions';
import { checkGraded, type SuiteGrading } from './model-graded';
import type { PromptSuite } from './prompt-suite';
import { RegexMatcher } from './regex-matcher';

export interface CaseOutcome {
  target: string;
  caseId: string;
  /** Every assertion passed (an ungraded one is not a pass). */
  pass: boolean;
  /** fail when any assertion failed; else ungraded when a grader gave no verdict; else pass. */
  status: 'pass' | 'fail' | 'ungraded';
  /** All failed assertions (or the call's failure), joined. */
  reasons: string[];
  /** Why model-graded assertions have no verdict (grader missing, timed out, not JSON…). */
  ungraded: string[];
  /** The grader's reasons for the model-graded assertions that passed. */
  graderNotes: string[];
  /** `reasons` and `ungraded` as messages, index for index (none: show the English text). */
  said?: { reasons: (UserMessage | undefined)[]; ungraded: (UserMessage | undefined)[] };
  latencyMs: number;
  tokens: number;
}

export interface TargetSummary {
  target: string;
  passed: number;
  /** Cases with no failure but a model-graded assertion without a verdict. */
  ungraded: number;
  total: number;
  passRate: number;
  p50LatencyMs: number;
  p95LatencyMs: number;
  totalTokens: number;
}

export interface SuiteReport {
  suite: string;
  targets: TargetSummary[];
  cases: CaseOutcome[];
}

export type Predict = (
  target: LlmTarget,
  messages: ChatMessage[],
  settings: ChatSettings,
  prompt: string,
) => Promise<LlmResult>;

/** Nearest-rank percentile; the same definition MLflow metrics and the card use. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? 0;
}

/**
 * Runs every case on every target, one call at a time (rate limits are per deployment, and a
 * suite is small), and scores each answer against its assertions. `grading` serves the
 * model-graded ones; without it they are ungraded (never passed).
 */
export async function runSuite(
  suite: PromptSuite,
  targets: readonly LlmTarget[],
  predict: Predict,
  grading: SuiteGrading = {},
): Promise<SuiteReport> {
  const regex = new RegexMatcher();
  try {
    return await runCases(suite, targets, predict, regex, grading);
  } finally {
    await regex.close();
  }
}

async function runCases(
  suite: PromptSuite,
  targets: readonly LlmTarget[],
  predict: Predict,
  regex: RegexMatcher,
  grading: SuiteGrading,
): Promise<SuiteReport> {
  const cases: CaseOutcome[] = [];
  const summaries: TargetSummary[] = [];
  for (const target of targets) {
    const mine: CaseOutcome[] = [];
    for (const c of suite.cases) {
      const system = c.system ?? suite.system;
      const messages: ChatMessage[] = [
        ...(system ? [{ role: 'system' as const, content: system }] : []),
        { role: 'user', content: c.input },
      ];
      const s = { ...suite.settings, ...c.settings };
      const settings: ChatSettings = {
        ...(s.temperature !== undefined ? { temperature: s.temperature } : {}),
        ...(s.max_tokens !== undefined ? { maxTokens: s.max_tokens } : {}),
      };
      const r = await predict(target, messages, settings, c.input);
      const reasons: string[] = [];
      const ungraded: string[] = [];
      const said = {
        reasons: [] as (UserMessage | undefined)[],
        ungraded: [] as (UserMessage | undefined)[],
      };
      const graderNotes: string[] = [];
      if (r.status !== 'ok') {
        reasons.push(describeLlmFailure(r));
        said.reasons.push(llmFailureMessage(r));
      } else {
        for (const a of c.assert) {
          const o: AssertionOutcome =
            (await checkGraded(a, c.input, r.text ?? '', grading)) ??
            (await checkAssertion(a, r, regex));
          if (o.ungraded) {
            ungraded.push(o.reason ?? 'ungraded');
            said.ungraded.push(o.said);
          } else if (!o.pass) {
            reasons.push(o.reason ?? 'failed');
            said.reasons.push(o.said);
          } else if (o.reason) graderNotes.push(o.reason);
        }
      }
      const status = reasons.length ? 'fail' : ungraded.length ? 'ungraded' : 'pass';
      mine.push({
        target: target.name,
        caseId: c.id,
        pass: status === 'pass',
        status,
        reasons,
        ungraded,
        graderNotes,
        said,
        latencyMs: r.latencyMs,
        tokens: r.usage.total,
      });
    }
    const passed = mine.filter((m) => m.pass).length;
    const latencies = mine.map((m) => m.latencyMs);
    summaries.push({
      target: target.name,
      passed,
      ungraded: mine.filter((m) => m.status === 'ungraded').length,
      total: mine.length,
      passRate: mine.length ? passed / mine.length : 0,
      p50LatencyMs: percentile(latencies, 50),
      p95LatencyMs: percentile(latencies, 95),
      totalTokens: mine.reduce((n, m) => n + m.tokens, 0),
    });
    cases.push(...mine);
  }
  return { suite: suite.name, targets: summaries, cases };
}
