import { setTimeout as delay } from 'node:timers/promises';
import { channelOf } from '../../chat/conversation-id';
import type { Reply } from '../../chat/reply';
import type { DriftSummary } from '../../drift/drift-summary';
import type { DatabricksJobs } from '../../services/databricks/jobs';
import { describeError } from '../../services/describe-error';
import { ServiceError } from '../../services/errors';
import { snoozeIncident } from '../../drift/incident-machine';
import type { Logger } from '../../platform/logging/logger';
import type { Outbox } from '../../platform/outbox/outbox';
import type { SubscriptionRepository } from '../subscriptions/subscription-repository';
import { alertKeys, enqueueCardUpdate } from './alert-keys';
import type { DriftAlertRenderer } from './drift-alert-renderer';
import type { Lang } from '../../chat/i18n';
import type { DriftMonitor } from './drift-monitor';
import { machineState, type Incident, type IncidentRepository } from './incident-repository';

export interface IncidentActionsDeps {
  monitor: DriftMonitor;
  incidents: IncidentRepository;
  subscriptions: SubscriptionRepository;
  outbox: Outbox;
  /** The same renderer the monitor uses: button answers and thread replies read alike. */
  render: DriftAlertRenderer;
  jobs: DatabricksJobs | undefined;
  log: Logger;
  retrainPollMs?: number;
  /**
   * Hands the watch of a started run to the operations runner (persisted, leased, resumed after
   * a restart); idempotent per incident. Without it the run is watched in this process.
   */
  watchRun?: (w: {
    incidentId: string;
    runId: number;
    requester: string;
    conversationId: string;
  }) => Promise<void>;
}

/** What a button click returns: the refreshed card (for the clicker) and/or a message. */
export interface IncidentActionResult {
  reply?: Reply;
  card?: Reply;
  /** The clicker may not act on this alert (the reply says why); nothing changed. */
  denied?: boolean;
}

/**
 * Who may act, decided by the caller (permissions are a chat concern): given the key of the
 * subscription's owner, undefined to allow, or the refusal sentence for the clicker.
 */
export type AlertActionGuard = (ownerKey: string) => string | undefined;

/**
 * The alert card's buttons: Acknowledge, Snooze, Start retraining. Each change is stored,
 * then the card is updated for everyone through the outbox (the invoke response only
 * refreshes it for the person who clicked).
 */
export class IncidentActions {
  private readonly watchers = new Map<string, Promise<void>>();
  private stopped = false;
  /** Wakes the watchers' sleeps on stop, so a SIGTERM does not wait out a poll interval. */
  private readonly stopping = new AbortController();

  constructor(private readonly deps: IncidentActionsDeps) {}

  /**
   * The incident a button refers to, if it may be acted on from `from`: a copy of the card
   * forwarded elsewhere must not silence or take another channel's alert.
   */
  private async located(
    incidentId: string,
    from: string,
    guard: AlertActionGuard | undefined,
    lang: Lang,
  ): Promise<
    { inc: Incident & { lastSummary: DriftSummary } } | { refused: IncidentActionResult }
  > {
    const inc = await this.deps.incidents.get(incidentId);
    if (!inc?.lastSummary) return { refused: { reply: this.deps.render.gone(lang) } };
    const sub = await this.deps.subscriptions.get(inc.subscriptionId);
    if (!sub || channelOf(sub.conversationId) !== channelOf(from)) {
      return { refused: { reply: this.deps.render.elsewhere(lang) } };
    }
    const refusal = guard?.(sub.createdBy);
    if (refusal !== undefined) {
      return { refused: { reply: { kind: 'text', text: refusal }, denied: true } };
    }
    return { inc: { ...inc, lastSummary: inc.lastSummary } };
  }

  /** Takes the incident; the card shows who, and the thread says so. */
  async acknowledge(
    incidentId: string,
    who: string,
    from: string,
    guard?: AlertActionGuard,
  ): Promise<IncidentActionResult> {
    // Answers to the clicker read in the language of the conversation the button is in.
    const lang = await this.deps.monitor.languageOf(from);
    const found = await this.located(incidentId, from, guard, lang);
    if ('refused' in found) return found.refused;
    const { inc } = found;
    const now = this.deps.monitor.now();
    // Already taken (maybe a moment ago, by a click that reached another replica): show who.
    const changed = await this.change(inc.id, (cur) =>
      cur.acknowledgedBy ? undefined : { acknowledgedBy: who, acknowledgedAt: now },
    );
    if (!changed.stored) return { card: this.refresh(changed.current ?? inc, lang) };
    await this.reply(inc, `drift:${inc.id}:ack`, (l) =>
      this.deps.render.acknowledged(who, inc.lastSummary.target, l),
    );
    return { card: changed.card };
  }

  /** Silences escalation for 1 or 24 h; announced in the alert's thread, not only to the clicker. */
  async snooze(
    incidentId: string,
    hours: number,
    who: string,
    from: string,
    guard?: AlertActionGuard,
  ): Promise<IncidentActionResult> {
    const lang = await this.deps.monitor.languageOf(from);
    const found = await this.located(incidentId, from, guard, lang);
    if ('refused' in found) return found.refused;
    const { inc } = found;
    const h = hours === 24 ? 24 : 1;
    const until = this.deps.monitor.now() + h * 3_600_000;
    const changed = await this.change(inc.id, (cur) => ({
      snoozedUntil: snoozeIncident(machineState(cur), until).snoozedUntil,
    }));
    await this.reply(inc, `drift:${inc.id}:snooze:${changed.current?.snoozedUntil ?? 0}`, (l) =>
      this.deps.render.snoozed(who, inc.lastSummary.target, h, l),
    );
    return { card: changed.card };
  }

  /** Starts the configured job once per incident (idempotency token), then reports its end. */
  async retrain(incidentId: string, who: string, from: string): Promise<IncidentActionResult> {
    const render = this.deps.render;
    const jobId = this.deps.monitor.settings.retrainJobId;
    const lang = await this.deps.monitor.languageOf(from);
    if (jobId === undefined || !this.deps.jobs) return { reply: render.retrainNotConfigured(lang) };
    const found = await this.located(incidentId, from, undefined, lang);
    if ('refused' in found) return found.refused;
    const { inc } = found;
    if (inc.retrainRunId !== undefined) {
      return {
        card: this.refresh(inc, lang),
        reply: render.retrainAlreadyRunning(inc.retrainRunId, lang),
      };
    }
    let runId: number;
    try {
      ({ runId } = await this.deps.jobs.runNow(jobId, {
        idempotencyToken: `drift-retrain-${incidentId}`,
        jobParameters: { target: inc.lastSummary.target, incident_id: incidentId },
      }));
    } catch (err) {
      if (err instanceof ServiceError)
        return { reply: render.retrainNotStarted(describeError(err, lang) ?? err.message, lang) };
      throw err;
    }
    // A second click on another replica got the same run (idempotency token): store it once.
    const changed = await this.change(inc.id, (cur) =>
      cur.retrainRunId === undefined ? { retrainRunId: runId, retrainState: 'PENDING' } : undefined,
    );
    await this.reply(inc, alertKeys(inc.id).retrain(runId, 'started'), (l) =>
      render.retrainStarted(who, jobId, runId, l),
    );
    await this.startWatch(inc, runId, who);
    return { card: changed.stored ? changed.card : this.refresh(changed.current ?? inc, lang) };
  }

  /** Resumes watching runs started before a restart (the runner's watches resume themselves). */
  async resume(): Promise<void> {
    for (const inc of await this.deps.incidents.retraining()) {
      if (inc.retrainRunId !== undefined) await this.startWatch(inc, inc.retrainRunId, 'the bot');
    }
  }

  private async startWatch(inc: Incident, runId: number, requester: string): Promise<void> {
    const sub = this.deps.watchRun && (await this.deps.subscriptions.get(inc.subscriptionId));
    if (!this.deps.watchRun || !sub) {
      this.watch(inc.id);
      return;
    }
    await this.deps.watchRun({
      incidentId: inc.id,
      runId,
      requester,
      conversationId: sub.conversationId,
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    await Promise.allSettled(this.watchers.values());
  }

  /** Resolves when every watched run has been reported (tests). */
  async idle(): Promise<void> {
    await Promise.allSettled(this.watchers.values());
  }

  private watch(incidentId: string): void {
    if (this.watchers.has(incidentId)) return;
    const task = this.poll(incidentId)
      .catch((err: unknown) => this.deps.log.error({ err, incidentId }, 'retrain watch failed'))
      .finally(() => this.watchers.delete(incidentId));
    this.watchers.set(incidentId, task);
  }

  private async poll(incidentId: string): Promise<void> {
    while (!this.stopped) {
      if (await this.reportRun(incidentId)) return;
      const signal = this.stopping.signal;
      await delay(this.deps.retrainPollMs ?? 15_000, undefined, { signal }).catch(() => undefined);
    }
  }

  /**
   * One look at the incident's retraining run: stores its state (the card shows it) and, once
   * it ended, replies in the alert's thread. True when there is nothing more to watch.
   */
  async reportRun(incidentId: string): Promise<boolean> {
    const jobs = this.deps.jobs;
    const inc = await this.deps.incidents.get(incidentId);
    if (!jobs || inc?.retrainRunId === undefined) return true;
    const run = await jobs.getRun(inc.retrainRunId);
    const state = run.terminal ? (run.resultState ?? run.lifeCycleState) : run.lifeCycleState;
    const shown = run.terminal ? `finished: ${state}` : state;
    await this.change(incidentId, (cur) =>
      cur.retrainState === shown ? undefined : { retrainState: shown },
    );
    if (!run.terminal) return false;
    const done = (l: Lang) =>
      this.deps.render.retrainFinished(
        {
          runId: run.runId,
          succeeded: run.succeeded,
          state,
          stateMessage: run.stateMessage,
          runPageUrl: run.runPageUrl,
        },
        l,
      );
    await this.reply(inc, alertKeys(inc.id).retrain(run.runId, 'done'), done);
    return true;
  }

  /** A reply in the alert's thread, rendered in the language of the channel it goes to. */
  private async reply(inc: Incident, key: string, payload: (lang: Lang) => Reply): Promise<void> {
    const sub = await this.deps.subscriptions.get(inc.subscriptionId);
    if (!sub) return;
    await this.deps.outbox.enqueue({
      key,
      conversationId: sub.conversationId,
      kind: 'reply',
      parentKey: alertKeys(inc.id).root,
      payload: payload(await this.deps.monitor.languageOf(sub.conversationId)),
    });
  }

  private refresh(inc: Incident, lang: Lang): Reply | undefined {
    return inc.lastSummary ? this.deps.monitor.alertCard(inc, inc.lastSummary, lang) : undefined;
  }

  /**
   * Stores a change to the incident as it is now (re-read and re-applied if the monitor or
   * another replica changed it meanwhile), updates the card for everyone, and returns it for
   * the clicker. `patch` returns undefined when there is nothing to change.
   */
  private async change(
    incidentId: string,
    patch: (current: Incident) => Partial<Incident> | undefined,
  ): Promise<{ stored: boolean; current: Incident | undefined; card: Reply | undefined }> {
    const now = this.deps.monitor.now();
    const r = await this.deps.incidents.update(incidentId, (cur) => {
      const p = patch(cur);
      return p && { ...cur, ...p, cardVersion: cur.cardVersion + 1, updatedAt: now };
    });
    const next = r?.after;
    if (!next) return { stored: false, current: r?.before, card: undefined };
    const sub = await this.deps.subscriptions.get(next.subscriptionId);
    const card = this.refresh(
      next,
      sub ? await this.deps.monitor.languageOf(sub.conversationId) : 'en',
    );
    if (card && sub) await enqueueCardUpdate(this.deps.outbox, sub.conversationId, next, card);
    return { stored: true, current: next, card };
  }
}
