import type { AlertActionPolicy } from '../../config/drift-config';
import type { Mention, Reply } from '../../chat/reply';
import { computeDriftReport } from '../../drift/compute-drift-report';
import { distributionChart, mostDrifted, type DriftSummary } from '../../drift/drift-summary';
import { driftWindows, type ReferenceSpec } from '../../drift/drift-windows';
import { featureColumns, type FeatureName } from '../../drift/inference-features';
import type { Logger } from '../../platform/logging/logger';
import type { Outbox } from '../../platform/outbox/outbox';
import type { SubscriptionKind } from '../subscriptions/subscription-kinds';
import type { Subscription } from '../subscriptions/subscription-repository';
import { alertKeys, enqueueCardUpdate } from './alert-keys';
import type { DriftAlertRenderer, DriftAlertView } from './drift-alert-renderer';
import type { Lang } from '../../chat/i18n';
import { driftSubscriptionKind } from './drift-subscription-kind';
import { retryOnConflict, type Incident, type IncidentRepository } from './incident-repository';
import { stepIncident } from './step-incident';
import type { InferenceWindowSource } from './window-source';

/** Operator settings (DRIFT_* variables). */
export interface DriftMonitorSettings {
  currentHours: number;
  reference: ReferenceSpec;
  features: readonly FeatureName[];
  /** Distinct values per numerical feature and window above which the source bins. */
  maxDistinct: number;
  driftShare?: number | undefined;
  defaultTarget: string | undefined;
  /** Mentioned on alert cards. */
  owner: Mention | undefined;
  retrainJobId: number | undefined;
  /** Who may acknowledge or snooze (DRIFT_ALERT_ACTIONS); the dialog applies it. */
  alertActions?: AlertActionPolicy;
}

export interface DriftMonitorDeps {
  source: InferenceWindowSource;
  settings: DriftMonitorSettings;
  incidents: IncidentRepository;
  outbox: Outbox;
  /** Turns incidents into cards and sentences (src/cards, wired by the composition root). */
  render: DriftAlertRenderer;
  /** The language a conversation reads (ConversationRepository.languageOf); English without it. */
  languageOf?: (conversationId: string) => Promise<Lang>;
  log: Logger;
  now?: () => number;
}

/**
 * Drift checks for `drift [target]` and for subscriptions: reads two windows, runs the
 * Evidently-compatible report, feeds the incident machine and turns its effects into outbox
 * messages (one alert post per incident, updates in place, thread replies on escalation and
 * resolution).
 */
export class DriftMonitor {
  readonly now: () => number;

  constructor(readonly deps: DriftMonitorDeps) {
    this.now = deps.now ?? Date.now;
  }

  get settings(): DriftMonitorSettings {
    return this.deps.settings;
  }

  /** The target a bare `drift` means, or undefined when nothing is configured. */
  targetOf(explicit: string | undefined): string | undefined {
    return explicit?.trim() || this.settings.defaultTarget;
  }

  /**
   * The targets a report can have data for (the source's, plus the configured default), or
   * undefined when the source cannot list them.
   */
  async knownTargets(): Promise<readonly string[] | undefined> {
    const listed = await this.deps.source.knownTargets?.();
    if (!listed) return undefined;
    const fallback = this.settings.defaultTarget;
    return fallback && !listed.includes(fallback) ? [...listed, fallback] : listed;
  }

  /** Compares the current window ending at `at` with the reference window. */
  async summarize(target: string, at = this.now()): Promise<DriftSummary> {
    const s = this.settings;
    const windows = driftWindows(at, s.currentHours, s.reference);
    const [reference, current] = await Promise.all([
      this.deps.source.load(target, windows.reference, s.features, s.maxDistinct),
      this.deps.source.load(target, windows.current, s.features, s.maxDistinct),
    ]);
    const report = computeDriftReport(reference, current, featureColumns(s.features), {
      ...(s.driftShare !== undefined ? { driftShare: s.driftShare } : {}),
    });
    const top = mostDrifted(report);
    return {
      target,
      source: this.deps.source.name,
      at,
      current: { ...windows.current, n: current.size, truncated: current.truncated },
      reference: { ...windows.reference, n: reference.size, truncated: reference.truncated },
      report,
      chart: top ? distributionChart(top, reference, current) : undefined,
    };
  }

  /** The language of a conversation, asked when a message to it is rendered (it may change). */
  async languageOf(conversationId: string): Promise<Lang> {
    return this.deps.languageOf ? this.deps.languageOf(conversationId) : 'en';
  }

  /** The alert card of an incident in its current state, as of now, in `lang`. */
  alertCard(inc: Incident, summary: DriftSummary, lang: Lang = 'en'): Reply {
    const view: DriftAlertView = {
      incidentId: inc.id,
      status: inc.state === 'resolved' ? 'resolved' : 'open',
      summary,
      openedAt: inc.openedAt ?? inc.createdAt,
      resolvedAt: inc.resolvedAt,
      checks: inc.checks,
      owner: this.settings.owner,
      acknowledgedBy: inc.acknowledgedBy,
      acknowledgedAt: inc.acknowledgedAt,
      snoozedUntil: inc.snoozedUntil,
      retrain:
        inc.retrainState !== undefined
          ? { runId: inc.retrainRunId, state: inc.retrainState }
          : undefined,
      retrainAvailable: this.settings.retrainJobId !== undefined,
      now: this.now(),
      lang,
    };
    return this.deps.render.alert(view);
  }

  /** One scheduled check of a subscription at `slot`. */
  async check(sub: Subscription, slot: number): Promise<void> {
    const target = this.targetOf(sub.target);
    if (!target) {
      this.deps.log.warn({ subscription: sub.id }, 'drift check skipped: no target configured');
      return;
    }
    const summary = await this.summarize(target, slot);
    // The step is re-run from a fresh read when a button on another replica changed the
    // incident in between, so the check lands on top of the acknowledgement, not over it.
    const stepped = await retryOnConflict(sub.id, () =>
      stepIncident(this.deps.incidents, sub, summary, slot, this.now()),
    );
    if (stepped) await this.emit(sub, stepped.inc, summary, stepped.effects);
  }

  private async emit(
    sub: Subscription,
    inc: Incident,
    summary: DriftSummary,
    effects: readonly string[],
  ): Promise<void> {
    const keys = alertKeys(inc.id);
    const conversationId = sub.conversationId;
    const render = this.deps.render;
    const lang = effects.length > 0 ? await this.languageOf(conversationId) : 'en';
    const card = () => this.alertCard(inc, summary, lang);
    for (const effect of effects) {
      if (effect === 'open') {
        await this.deps.outbox.enqueue({
          key: keys.root,
          conversationId,
          kind: 'post',
          payload: card(),
        });
      } else if (effect === 'update') {
        await enqueueCardUpdate(this.deps.outbox, conversationId, inc, card());
      } else if (effect === 'escalate') {
        await this.deps.outbox.enqueue({
          key: keys.escalate(inc.checks),
          conversationId,
          kind: 'reply',
          parentKey: keys.root,
          payload: render.escalated(summary, lang),
        });
      } else if (effect === 'resolve') {
        await this.deps.outbox.enqueue({
          key: keys.resolved,
          conversationId,
          kind: 'reply',
          parentKey: keys.root,
          payload: render.resolved(summary, lang),
        });
        await enqueueCardUpdate(this.deps.outbox, conversationId, inc, card());
      }
    }
  }

  /**
   * Unsubscribing ends the subscription's incident instead of leaving an alert open forever:
   * a short reply in the alert's thread and the card shown resolved (both through the outbox,
   * keyed like a normal resolution, so it cannot be sent twice). A pending incident was
   * never posted, so it is closed silently.
   */
  async resolveRemoved(sub: Subscription): Promise<void> {
    const found = await this.deps.incidents.active(sub.id);
    if (!found) return;
    const now = this.now();
    const r = await this.deps.incidents.update(found.id, (inc) =>
      inc.state === 'resolved'
        ? undefined
        : {
            ...inc,
            state: 'resolved',
            resolvedAt: now,
            cardVersion: inc.cardVersion + 1,
            updatedAt: now,
          },
    );
    const next = r?.after;
    const inc = r?.before;
    if (!next || inc?.state !== 'open' || !inc.lastSummary) return;
    const keys = alertKeys(inc.id);
    const lang = await this.languageOf(sub.conversationId);
    await this.deps.outbox.enqueue({
      key: keys.resolved,
      conversationId: sub.conversationId,
      kind: 'reply',
      parentKey: keys.root,
      payload: this.deps.render.unsubscribed(inc.lastSummary.target, lang),
    });
    const card = this.alertCard(next, inc.lastSummary, lang);
    await enqueueCardUpdate(this.deps.outbox, sub.conversationId, next, card);
  }

  /** The `drift` subscription kind for the registry. */
  subscriptionKind(): SubscriptionKind {
    return driftSubscriptionKind(this);
  }
}
