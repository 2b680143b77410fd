import { escapeMarkdown } from '../chat/escape-markdown';
import { card, executeAction, facts, text } from './card';
import { type AdaptiveCard, type CardElement } from '../chat/adaptive-card';
import {
  clip,
  formatDuration,
  formatMetric,
  localTime,
  statusColor,
  statusLabel,
} from './run-format';
import { RUNS_VERBS } from './runs-card';
import type { RunChange, RunNoticeView } from '../workflows/run-watch/run-notice-renderer';

/** Metrics on a notice: enough to judge the run at a glance; `Show run` has the rest. */
const NOTICE_METRICS = 4;

/**
 * The compact channel post for a finished, failed or killed run: the run card's status label
 * and formats, but only what decides "do I look at this now" — status, time, who, the key
 * metrics — so a channel with many runs stays scannable on a phone.
 */
export function buildRunNoticeCard(view: RunNoticeView): AdaptiveCard {
  const shown = view.metrics.slice(0, NOTICE_METRICS);
  const more = view.metrics.length - shown.length;
  const body: CardElement[] = [
    text(`**${escapeMarkdown(clip(view.name || view.runId, 80))}** · ${statusLabel(view.status)}`, {
      size: 'Medium',
      color: statusColor(view.status),
    }),
    text(`Run in ${escapeMarkdown(clip(view.experimentName, 100))}`, {
      isSubtle: true,
      spacing: 'None',
    }),
    facts([
      ['Ended', localTime(view.endTime)],
      ['Took', formatDuration(view.durationMs)],
      ...(view.user ? [['By', escapeMarkdown(clip(view.user, 60))] as const] : []),
      ...shown.map((m) => [escapeMarkdown(clip(m.key, 40)), formatMetric(m.value)] as const),
    ]),
  ];
  if (more > 0) body.push(text(`… and ${more} more metrics`, { isSubtle: true, spacing: 'None' }));
  return card(body, [
    executeAction('Show run', { verb: RUNS_VERBS.open, runId: view.runId }),
    { type: 'Action.OpenUrl', title: 'Open in MLflow', url: view.link },
  ]);
}

/** One short line per change, e.g. "Status: ✔ Finished → ✖ Failed". Plain text for the thread. */
export function runChangeText(name: string, change: RunChange): string {
  const lines: string[] = [];
  if (change.statusBefore !== change.statusAfter) {
    lines.push(`Status: ${statusLabel(change.statusBefore)} → ${statusLabel(change.statusAfter)}`);
  } else if (change.endTimeChanged) {
    lines.push(`Ended again: ${statusLabel(change.statusAfter)}`);
  }
  for (const [k, v] of change.tagsSet.slice(0, 5)) {
    lines.push(`Tag ${escapeMarkdown(clip(k, 60))} = ${escapeMarkdown(clip(v, 120))}`);
  }
  if (change.tagsSet.length > 5) lines.push(`… and ${change.tagsSet.length - 5} more tags`);
  for (const k of change.tagsRemoved.slice(0, 5))
    lines.push(`Tag ${escapeMarkdown(clip(k, 60))} removed`);
  return `Update on **${escapeMarkdown(clip(name, 80))}**:\n\n${lines.map((l) => `- ${l}`).join('\n')}`;
}
