import { createHash } from 'node:crypto';
import { describeServiceError, ServiceError } from '../../services/errors';
import type { TokenUsage } from '../../services/llm/llm-service';
import type { Logger } from '../../platform/logging/logger';
import type { MlflowService } from '../../services/mlflow/mlflow-service';
import type { MetricPoint, RunInfo } from '../../services/mlflow/mlflow-types';
import { percentile, type SuiteReport } from './suite-runner';
import { ensureExperiment } from './ensure-experiment';

/** The chat session a run belongs to (conversation, user and start identify it). */
export interface ChatRunKey {
  conversationId: string;
  userId: string;
  startedAt: number;
  target: string;
}

/** What a caller shows: a link on success, a one-time note on the first failure. */
export interface TrackResult {
  link?: string;
  note?: string;
}

export const SUITE_ARTIFACT = 'suite-cases.json';
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * Logs prompting to MLflow: one run per `test` suite execution (pass rate, p50/p95 latency,
 * tokens, the per-case table as an artifact) and one run per chat session (latency and tokens
 * as metric series, one step per turn). Logging never breaks an answer: every call is bounded
 * in time, errors are swallowed, and the first failure per conversation yields a short note.
 */
export class PromptRunTracker {
  private experimentId: string | undefined;
  /** Session key → its run and the turns logged so far (the next step). */
  private readonly chatRuns = new Map<string, { info: RunInfo; turns: number }>();
  private readonly noted = new Set<string>();

  constructor(
    private readonly mlflow: MlflowService,
    readonly experimentName: string,
    private readonly log: Logger,
    /** Longest time a turn waits for MLflow before treating it as a failure. */
    private readonly timeoutMs = 5_000,
  ) {}

  async logSuite(
    report: SuiteReport,
    who: { conversationId: string; requester: string; reason?: string },
  ): Promise<TrackResult> {
    return this.guard(who.conversationId, 'suite', async () => {
      const experimentId = await this.experiment();
      const run = await this.mlflow.createRun({
        experimentId,
        runName: `suite ${report.suite}`,
        tags: [
          { key: 'llmops_kind', value: 'suite' },
          { key: 'suite', value: report.suite },
          { key: 'requester', value: who.requester },
          { key: 'mlflow.user', value: who.requester },
          ...(who.reason ? [{ key: 'reason', value: who.reason }] : []),
        ],
      });
      const now = Date.now();
      const metric = (key: string, value: number): MetricPoint => ({
        key,
        value,
        timestamp: now,
        step: 0,
      });
      const lat = report.cases.map((c) => c.latencyMs);
      const passed = report.cases.filter((c) => c.pass).length;
      const metrics = [
        metric('pass_rate', report.cases.length ? passed / report.cases.length : 0),
        metric('p50_latency_ms', percentile(lat, 50)),
        metric('p95_latency_ms', percentile(lat, 95)),
        metric(
          'total_tokens',
          report.cases.reduce((n, c) => n + c.tokens, 0),
        ),
        metric('cases', report.cases.length),
        // Model-graded cases without a verdict: apart from passes and failures.
        metric('ungraded', report.cases.filter((c) => c.status === 'ungraded').length),
      ];
      if (report.targets.length > 1) {
        for (const t of report.targets) {
          metrics.push(
            metric(`pass_rate.${t.target}`, t.passRate),
            metric(`p50_latency_ms.${t.target}`, t.p50LatencyMs),
            metric(`p95_latency_ms.${t.target}`, t.p95LatencyMs),
            metric(`total_tokens.${t.target}`, t.totalTokens),
          );
        }
      }
      await this.mlflow.logBatch(run.info.runId, {
        metrics,
        params: [
          { key: 'suite', value: report.suite },
          { key: 'targets', value: report.targets.map((t) => t.target).join(',') },
        ],
      });
      // The artifact keeps the English reasons only: one language in MLflow.
      await this.mlflow.logJsonArtifact(
        run.info,
        SUITE_ARTIFACT,
        report.cases.map(({ said: _said, ...c }) => c),
      );
      await this.mlflow.updateRun(run.info.runId, { status: 'FINISHED', endTime: Date.now() });
      return this.mlflow.runLink({ experimentId, runId: run.info.runId });
    });
  }

  /** Appends one turn (step = turn number from 0) to the session's run, creating it first. */
  async logChatTurn(
    session: ChatRunKey & { systemPrompt?: string | undefined; user: string },
    turn: { latencyMs: number; usage: TokenUsage },
  ): Promise<TrackResult> {
    return this.guard(session.conversationId, 'chat turn', async () => {
      const run = await this.chatRun(session);
      const now = Date.now();
      const step = run.turns++;
      const m = (key: string, value: number): MetricPoint => ({ key, value, timestamp: now, step });
      await this.mlflow.logBatch(run.info.runId, {
        metrics: [
          m('latency_ms', Math.round(turn.latencyMs)),
          m('prompt_tokens', turn.usage.prompt),
          m('completion_tokens', turn.usage.completion),
          m('total_tokens', turn.usage.total),
        ],
      });
      return undefined;
    });
  }

  /** Marks the session's run FINISHED (if one was created). */
  async endChat(session: ChatRunKey): Promise<void> {
    await this.guard(session.conversationId, 'chat end', async () => {
      await this.closeChatRun(session, 'FINISHED');
      return undefined;
    });
  }

  /**
   * Closes the session's run (if one was created) and throws when MLflow does not take it, so
   * the idle sweep keeps the session and tries again instead of leaving the run RUNNING.
   * Found by its tag, so it also works for a session started before a restart.
   */
  async closeChatRun(
    session: Pick<ChatRunKey, 'conversationId' | 'userId' | 'startedAt'>,
    status: 'FINISHED' | 'KILLED',
    reason?: string,
  ): Promise<void> {
    const key = sessionKey(session);
    const run = this.chatRuns.get(key)?.info ?? (await this.findChatRun(key));
    if (run) {
      if (reason) await this.mlflow.setTag(run.runId, 'llmops_end_reason', reason);
      await this.mlflow.updateRun(run.runId, { status, endTime: Date.now() });
    }
    this.chatRuns.delete(key);
  }

  private async experiment(): Promise<string> {
    this.experimentId ??= await ensureExperiment(this.mlflow, this.experimentName);
    return this.experimentId;
  }

  private async findChatRun(key: string): Promise<RunInfo | undefined> {
    const experimentId = await this.experiment();
    const page = await this.mlflow.searchRuns({
      experimentIds: [experimentId],
      filter: `tags.llmops_session = '${key}'`,
      maxResults: 1,
    });
    return page.items[0]?.info;
  }

  private async chatRun(s: ChatRunKey & { systemPrompt?: string | undefined; user: string }) {
    const key = sessionKey(s);
    const known = this.chatRuns.get(key);
    if (known) return known;
    const found = await this.findChatRun(key);
    if (found) {
      // After a restart: continue the series where it stopped.
      const turns = (await this.mlflow.getMetricHistory(found.runId, 'latency_ms', 10_000)).length;
      const entry = { info: found, turns };
      this.chatRuns.set(key, entry);
      return entry;
    }
    const run = await this.mlflow.createRun({
      experimentId: await this.experiment(),
      runName: `chat ${s.target} ${new Date(s.startedAt).toISOString().slice(0, 16)}`,
      startTime: s.startedAt,
      tags: [
        { key: 'llmops_kind', value: 'chat' },
        { key: 'llmops_session', value: key },
        { key: 'target', value: s.target },
        { key: 'mlflow.user', value: s.user },
      ],
    });
    await this.mlflow.logBatch(run.info.runId, {
      params: [
        { key: 'target', value: s.target },
        { key: 'system_prompt', value: clip(s.systemPrompt ?? '(none)', 240) },
      ],
    });
    const entry = { info: run.info, turns: 0 };
    this.chatRuns.set(key, entry);
    return entry;
  }

  /** Runs `fn` with a time bound; failures become at most one note per conversation. */
  private async guard(
    conversationId: string,
    what: string,
    fn: () => Promise<string | undefined>,
  ): Promise<TrackResult> {
    const work = fn();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('MLflow did not answer in time')), this.timeoutMs);
    });
    try {
      const link = await Promise.race([work, timeout]);
      return link ? { link } : {};
    } catch (err) {
      work.catch(() => undefined);
      this.log.warn({ err: errSummary(err), what }, 'MLflow logging failed');
      if (this.noted.has(conversationId)) return {};
      this.noted.add(conversationId);
      const why = err instanceof ServiceError ? describeServiceError(err) : errSummary(err);
      return {
        note: `MLflow logging failed, so this is not recorded there (${clip(why, 160)}). The answer is unaffected; further failures here are not reported.`,
      };
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Stable, short id of a chat session for the run tag (no raw ids in MLflow). */
export function sessionKey(s: Pick<ChatRunKey, 'conversationId' | 'userId' | 'startedAt'>): string {
  return createHash('sha256')
    .update(`${s.conversationId}|${s.userId}|${s.startedAt}`)
    .digest('hex')
    .slice(0, 20);
}

const errSummary = (err: unknown): string => (err instanceof Error ? err.message : String(err));
