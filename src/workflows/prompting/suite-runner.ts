import {
  type ChatMessage,
  type ChatSettings,
  type LlmResult,
} from '../../services/llm/llm-service';
import { describeLlmFailure } from '../../services/describe-error';
import type { LlmTarget } from '../../services/llm/llm-target';
import { checkAssertion, type AssertionOutcome } from './assertions';
import type { PromptSuite } from './prompt-suite';
import { RegexMatcher } from './regex-matcher';

export interface CaseOutcome {
  target: string;
  caseId: string;
  pass: boolean;
  /** All failed assertions (or the call's failure), joined. */
  reasons: string[];
  latencyMs: number;
  tokens: number;
}

export interface TargetSummary {
  target: string;
  passed: number;
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
 * suite is small), and scores each answer against its assertions.
 */
export async function runSuite(
  suite: PromptSuite,
  targets: readonly LlmTarget[],
  predict: Predict,
): Promise<SuiteReport> {
  const regex = new RegexMatcher();
  try {
    return await runCases(suite, targets, predict, regex);
  } finally {
    await regex.close();
  }
}

async function runCases(
  suite: PromptSuite,
  targets: readonly LlmTarget[],
  predict: Predict,
  regex: RegexMatcher,
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
      if (r.status !== 'ok') reasons.push(describeLlmFailure(r));
      else {
        for (const a of c.assert) {
          const o: AssertionOutcome = await checkAssertion(a, r, regex);
          if (!o.pass) reasons.push(o.reason ?? 'failed');
        }
      }
      mine.push({
        target: target.name,
        caseId: c.id,
        pass: reasons.length === 0,
        reasons,
        latencyMs: r.latencyMs,
        tokens: r.usage.total,
      });
    }
    const passed = mine.filter((m) => m.pass).length;
    const latencies = mine.map((m) => m.latencyMs);
    summaries.push({
      target: target.name,
      passed,
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
