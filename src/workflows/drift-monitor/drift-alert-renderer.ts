import type { Mention, Reply } from '../../chat/reply';
import type { DriftSummary } from '../../drift/drift-summary';
import type { Lang } from '../../chat/i18n';

/** A drift incident as its alert card shows it: data only, the renderer decides the layout. */
export interface DriftAlertView {
  incidentId: string;
  status: 'open' | 'resolved';
  summary: DriftSummary;
  openedAt: number;
  resolvedAt?: number | undefined;
  checks: number;
  owner?: Mention | undefined;
  acknowledgedBy?: string | undefined;
  acknowledgedAt?: number | undefined;
  snoozedUntil?: number | undefined;
  /** `state` is the Databricks run state as stored, e.g. `RUNNING` or `finished: SUCCESS`. */
  retrain?: { runId: number | undefined; state: string; url?: string | undefined } | undefined;
  /** A retraining job is configured (the button is shown only then). */
  retrainAvailable: boolean;
  now: number;
  /** The language of the conversation the card goes to (default English). */
  lang?: Lang | undefined;
}

/** How a retraining run ended, for the reply in the alert's thread. */
export interface RetrainResultView {
  runId: number;
  succeeded: boolean;
  /** The result state (or life-cycle state when there is none), e.g. `FAILED`. */
  state: string;
  stateMessage?: string | undefined;
  runPageUrl?: string | undefined;
}

/**
 * Everything drift monitoring says to people, in the language of the conversation it goes to
 * (`lang`, default English; the alert card takes it in its view). The workflow decides what to say and when; the
 * renderer (injected by the composition root) decides how it reads, so the feature never
 * imports a card builder and the wording can change without touching the incident logic.
 */
export interface DriftAlertRenderer {
  /** The incident's one card, posted once and updated in place. */
  alert(view: DriftAlertView): Reply;
  /** Thread reply: more features drift than when the alert was last escalated. */
  escalated(summary: DriftSummary, lang?: Lang): Reply;
  /** Thread reply: the latest check found no dataset drift. */
  resolved(summary: DriftSummary, lang?: Lang): Reply;
  /** Thread reply: the subscription was removed while its incident was open. */
  unsubscribed(target: string, lang?: Lang): Reply;
  /** Thread reply: who silenced the alerts, so the channel knows. */
  snoozed(who: string, target: string, hours: number, lang?: Lang): Reply;
  /** Thread reply: who took the incident. */
  acknowledged(who: string, target: string, lang?: Lang): Reply;
  /** A button pressed on a copy of the alert outside its channel. */
  elsewhere(lang?: Lang): Reply;
  retrainNotConfigured(lang?: Lang): Reply;
  retrainAlreadyRunning(runId: number, lang?: Lang): Reply;
  /** `reason` is the service's own description of why the job could not be started. */
  retrainNotStarted(reason: string, lang?: Lang): Reply;
  /** Thread reply once the job was started. */
  retrainStarted(who: string, jobId: number, runId: number, lang?: Lang): Reply;
  /** Thread reply once the run ended. */
  retrainFinished(result: RetrainResultView, lang?: Lang): Reply;
  /** A button on an alert whose incident is no longer stored. */
  gone(lang?: Lang): Reply;
}
