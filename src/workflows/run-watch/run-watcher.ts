import type { Reply } from '../../chat/reply';
import type { Logger } from '../../platform/logging/logger';
import type { Outbox } from '../../platform/outbox/outbox';
import { CronSchedule } from '../../platform/scheduler/cron-schedule';
import type { ScheduledJob } from '../../platform/scheduler/scheduler';
import type { ConversationRepository } from '../../platform/store/conversation-repository';
import type {
  Subscription,
  SubscriptionRepository,
} from '../subscriptions/subscription-repository';
import type { MlflowService } from '../../services/mlflow/mlflow-service';
import {
  commonMetrics,
  configuredKeyMetrics,
  type MlflowSettings,
} from '../../services/mlflow/mlflow-settings';
import type { MlflowRun, RunStatus } from '../../services/mlflow/mlflow-types';
import type { RunChange, RunNoticeRenderer, RunNoticeView } from './run-notice-renderer';
import type { Lang } from '../../chat/i18n';
import type { RunFingerprint, RunWatchRepository } from './run-watch-repository';

/** The subscription kind word, and the prefix of its outbox keys. */
export const RUNS_KIND = 'runs';
/** The one scheduler job that polls every subscribed experiment. */
export const RUN_WATCH_JOB = 'mlflow-watch';

const ENDED: ReadonlySet<RunStatus> = new Set(['FINISHED', 'FAILED', 'KILLED']);
const FAILED: ReadonlySet<RunStatus> = new Set(['FAILED', 'KILLED']);

/** Outbox key of a run's post in one subscription's channel; replies thread under it. */
export const runPostKey = (subscriptionId: string, runId: string): string =>
  `${RUNS_KIND}:${subscriptionId}:${runId}`;

/** What a `runs` subscription stores in its params. */
export interface RunsSubscriptionParams {
  experimentId: string;
  only: 'all' | 'failed';
}

export function runsParams(s: Pick<Subscription, 'params'>): RunsSubscriptionParams | undefined {
  const { experimentId, only } = s.params;
  if (typeof experimentId !== 'string' || experimentId === '') return undefined;
  return { experimentId, only: only === 'failed' ? 'failed' : 'all' };
}

export interface RunWatcherOptions {
  mlflow: MlflowService;
  watch: RunWatchRepository;
  subscriptions: SubscriptionRepository;
  conversations: ConversationRepository;
  outbox: Outbox;
  settings: MlflowSettings;
  /** Turns runs into the channel's cards and sentences (src/cards, wired by the composition root). */
  render: RunNoticeRenderer;
  log: Logger;
  now?: () => number;
  /**
   * How far back each poll re-reads ended runs, beyond the watermark: catches a tag or status
   * set shortly after the end (→ thread reply) and clients whose clocks lag the bot's.
   */
  lookbackMs?: number;
  pageSize?: number;
  /** Paging cap per poll; the watermark lets the next poll continue where this one stopped. */
  maxPages?: number;
}

function fingerprintOf(run: MlflowRun): RunFingerprint {
  const tags = run.tags
    .filter((t) => !t.key.startsWith('mlflow.'))
    .map((t): [string, string] => [t.key, t.value])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { status: run.info.status, endTime: run.info.endTime ?? 0, tags };
}

const sameFingerprint = (a: RunFingerprint, b: RunFingerprint) =>
  JSON.stringify(a) === JSON.stringify(b);

/**
 * Watches the experiments channels subscribed to. One scheduler job polls each experiment
 * with ONE paged search (`attributes.end_time > since`, oldest end first) however many
 * channels follow it, then fans out: a run that ended → one post per subscribed channel
 * (outbox key `runs:<subscription>:<run>`, so a repeat is a no-op); a later change to a
 * posted run → a reply in that post's thread. The watermark and the posted runs persist, so
 * a restart neither misses nor repeats a notification.
 */
export class RunWatcher {
  private readonly now: () => number;
  private readonly lookbackMs: number;

  constructor(private readonly o: RunWatcherOptions) {
    this.now = o.now ?? Date.now;
    this.lookbackMs = o.lookbackMs ?? 3_600_000;
  }

  /** The scheduler job; `cron` is MLFLOW_WATCH_CRON (validated by config). */
  job(cron: string): ScheduledJob {
    return { id: RUN_WATCH_JOB, schedule: new CronSchedule(cron, 'UTC'), run: () => this.poll() };
  }

  /** One poll of every subscribed experiment; an experiment's failure does not stop the others. */
  async poll(): Promise<void> {
    const groups = new Map<string, Subscription[]>();
    for (const s of await this.o.subscriptions.list({ kind: RUNS_KIND, enabledOnly: true })) {
      const params = runsParams(s);
      if (!params || !(await this.deliverable(s))) continue;
      groups.set(params.experimentId, [...(groups.get(params.experimentId) ?? []), s]);
    }
    for (const [experimentId, subs] of groups) {
      try {
        await this.pollExperiment(experimentId, subs);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        await this.o.watch.failed(experimentId, message, this.now());
        this.o.log.warn({ err, experimentId }, 'MLflow run watch failed; retrying next time');
      }
    }
  }

  /**
   * A channel the bot was removed from (the outbox dead-lettered a send there and marked the
   * conversation inactive) gets nothing more: its subscription is paused, not deleted, so
   * `subscriptions` shows it and subscribing again resumes it.
   */
  private async deliverable(s: Subscription): Promise<boolean> {
    const conversation = await this.o.conversations.get(s.conversationId);
    if (!conversation || conversation.active) return true;
    await this.o.subscriptions.setEnabled(s.id, false);
    this.o.log.warn(
      { subscription: s.id, reason: conversation.inactiveReason },
      'runs subscription paused: the bot can no longer post in its channel',
    );
    return false;
  }

  private async pollExperiment(experimentId: string, subs: Subscription[]): Promise<void> {
    const now = this.now();
    const startedAt = Math.min(...subs.map((s) => s.createdAt));
    const watermark = await this.o.watch.watermark(experimentId, startedAt);
    const since = Math.max(startedAt, Math.min(watermark, now - this.lookbackMs));
    let newest = watermark;
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const page = await this.o.mlflow.searchRuns({
        experimentIds: [experimentId],
        filter: `attributes.end_time > ${since}`,
        orderBy: ['attributes.end_time ASC'],
        maxResults: this.o.pageSize ?? 500,
        ...(pageToken ? { pageToken } : {}),
      });
      const keyMetrics =
        configuredKeyMetrics(this.o.settings, {
          experimentId,
          name: subs[0]?.target ?? '',
        }) ?? commonMetrics(page.items, 4);
      for (const run of page.items) {
        await this.notify(run, subs, keyMetrics, now);
        newest = Math.max(newest, run.info.endTime ?? 0);
      }
      pageToken = page.nextPageToken;
      pages++;
    } while (pageToken && pages < (this.o.maxPages ?? 20));
    await this.o.watch.advance(experimentId, newest, now);
    // Nothing below `since` is read again; their rows cannot prevent a repeat any more.
    await this.o.watch.prune(experimentId, since);
  }

  private async notify(
    run: MlflowRun,
    subs: Subscription[],
    keyMetrics: readonly string[],
    now: number,
  ): Promise<void> {
    const { endTime, status } = run.info;
    if (!ENDED.has(status) || endTime === undefined) return;
    const fingerprint = fingerprintOf(run);
    for (const s of subs) {
      if (endTime <= s.createdAt) continue;
      await this.tell(s, run, fingerprint, keyMetrics, now);
    }
  }

  /**
   * Posts the run, or replies its change, once. Another replica polling the same experiment
   * may record the run first: then the loser re-reads and only replies what is still new.
   */
  private async tell(
    s: Subscription,
    run: MlflowRun,
    fingerprint: RunFingerprint,
    keyMetrics: readonly string[],
    now: number,
  ): Promise<void> {
    const { runId, status } = run.info;
    const key = runPostKey(s.id, runId);
    // Rendered now, when queued: in the language the channel speaks at this moment.
    const lang = await this.o.conversations.languageOf(s.conversationId);
    for (let attempt = 0; attempt < 5; attempt++) {
      const seen = await this.o.watch.get(s.id, runId);
      if (!seen) {
        if (runsParams(s)?.only === 'failed' && !FAILED.has(status)) return;
        // Enqueue first: after a crash in between, the repeat enqueue is a no-op.
        await this.o.outbox.enqueue({
          key,
          conversationId: s.conversationId,
          kind: 'post',
          payload: this.noticeReply(run, s.target, keyMetrics, lang),
        });
        if (await this.o.watch.posted(s.id, run.info.experimentId, runId, fingerprint, now)) return;
      } else {
        if (sameFingerprint(seen.fingerprint, fingerprint)) return;
        await this.o.outbox.enqueue({
          key: `${key}:change:${seen.changes + 1}`,
          conversationId: s.conversationId,
          kind: 'reply',
          parentKey: key,
          payload: this.o.render.changed(
            { runId, name: run.info.runName },
            changeOf(seen.fingerprint, fingerprint),
            lang,
          ),
        });
        if ((await this.o.watch.changed(s.id, runId, seen.changes, fingerprint)) !== undefined)
          return;
      }
    }
    this.o.log.warn(
      { subscription: s.id, runId },
      'run notice kept conflicting; next poll retries',
    );
  }

  private noticeReply(
    run: MlflowRun,
    experimentName: string,
    keyMetrics: readonly string[],
    lang: Lang,
  ): Reply {
    const { info } = run;
    const metrics = keyMetrics
      .map((key) => run.metrics.find((m) => m.key === key))
      .filter((m) => m !== undefined)
      .map((m) => ({ key: m.key, value: m.value }));
    const view: RunNoticeView = {
      runId: info.runId,
      name: info.runName,
      status: info.status,
      experimentName: experimentName || info.experimentId,
      endTime: info.endTime,
      durationMs:
        info.startTime !== undefined && info.endTime !== undefined
          ? info.endTime - info.startTime
          : undefined,
      user: info.userId,
      link: this.o.mlflow.runLink({ experimentId: info.experimentId, runId: info.runId }),
      metrics,
      lang,
    };
    return this.o.render.notice(view);
  }
}

function changeOf(before: RunFingerprint, after: RunFingerprint): RunChange {
  const old = new Map(before.tags);
  const now = new Map(after.tags);
  return {
    statusBefore: before.status as RunStatus,
    statusAfter: after.status as RunStatus,
    tagsSet: after.tags.filter(([k, v]) => old.get(k) !== v),
    tagsRemoved: before.tags.filter(([k]) => !now.has(k)).map(([k]) => k),
    endTimeChanged: before.endTime !== after.endTime,
  };
}
