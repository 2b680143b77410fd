import type { Mention, Reply } from '../../chat/reply';
import type { DriftSummary } from '../../drift/drift-summary';

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
 * Everything drift monitoring says to people. The workflow decides what to say and when; the
 * renderer (injected by the composition root) decides how it reads, so the feature never
 * imports a card builder and the wording can change without touching the incident logic.
 */
export interface DriftAlertRenderer {
  /** The incident's one card, posted once and updated in place. */
  alert(view: DriftAlertView): Reply;
  /** Thread reply: more features drift than when the alert was last escalated. */
  escalated(summary: DriftSummary): Reply;
  /** Thread reply: the latest check found no dataset drift. */
  resolved(summary: DriftSummary): Reply;
  /** Thread reply: the subscription was removed while its incident was open. */
  unsubscribed(target: string): Reply;
  /** Thread reply: who silenced the alerts, so the channel knows. */
  snoozed(who: string, target: string, hours: number): Reply;
  /** Thread reply: who took the incident. */
  acknowledged(who: string, target: string): Reply;
  /** A button pressed on a copy of the alert outside its channel. */
  elsewhere(): Reply;
  retrainNotConfigured(): Reply;
  retrainAlreadyRunning(runId: number): Reply;
  /** `reason` is the service's own description of why the job could not be started. */
  retrainNotStarted(reason: string): Reply;
  /** Thread reply once the job was started. */
  retrainStarted(who: string, jobId: number, runId: number): Reply;
  /** Thread reply once the run ended. */
  retrainFinished(result: RetrainResultView): Reply;
  /** A button on an alert whose incident is no longer stored. */
  gone(): Reply;
}
