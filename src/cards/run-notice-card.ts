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
import { translator, type Lang } from '../chat/i18n';
import type { RunChange, RunNoticeView } from '../workflows/run-watch/run-notice-renderer';

/** Metrics on a notice: enough to judge the run at a glance; `Show run` has the rest. */
const NOTICE_METRICS = 4;

/**
 * The compact channel post for a finished, failed or killed run: the run card's status label
 * and formats, but only what decides "do I look at this now" — status, time, who, the key
 * metrics — so a channel with many runs stays scannable on a phone.
 */
export function buildRunNoticeCard(view: RunNoticeView): AdaptiveCard {
  // A notice is proactive: the channel's language, and its locale's numbers and durations.
  const lang = view.lang ?? 'en';
  const t = translator(lang);
  const shown = view.metrics.slice(0, NOTICE_METRICS);
  const more = view.metrics.length - shown.length;
  const body: CardElement[] = [
    text(
      `**${escapeMarkdown(clip(view.name || view.runId, 80))}** · ${statusLabel(view.status, lang)}`,
      { size: 'Medium', color: statusColor(view.status) },
    ),
    text(t('runs.notice.runIn', { experiment: escapeMarkdown(clip(view.experimentName, 100)) }), {
      isSubtle: true,
      spacing: 'None',
    }),
    facts([
      [t('runs.notice.ended'), localTime(view.endTime)],
      [t('runs.notice.took'), formatDuration(view.durationMs, lang)],
      ...(view.user ? [[t('runs.notice.by'), escapeMarkdown(clip(view.user, 60))] as const] : []),
      ...shown.map((m) => [escapeMarkdown(clip(m.key, 40)), formatMetric(m.value, lang)] as const),
    ]),
  ];
  if (more > 0) {
    body.push(
      text(t('runs.notice.moreMetrics', { count: more }), { isSubtle: true, spacing: 'None' }),
    );
  }
  return card(body, [
    executeAction(t('runs.list.showRun'), { verb: RUNS_VERBS.open, runId: view.runId }),
    { type: 'Action.OpenUrl', title: t('runs.card.openInMlflow'), url: view.link },
  ]);
}

/** One short line per change, e.g. "Status: ✔ Finished → ✖ Failed". Plain text for the thread. */
export function runChangeText(name: string, change: RunChange, lang: Lang = 'en'): string {
  const t = translator(lang);
  const label = (s: RunChange['statusAfter']) => statusLabel(s, lang);
  const lines: string[] = [];
  if (change.statusBefore !== change.statusAfter) {
    lines.push(
      t('runs.notice.statusChange', {
        before: label(change.statusBefore),
        after: label(change.statusAfter),
      }),
    );
  } else if (change.endTimeChanged) {
    lines.push(t('runs.notice.endedAgain', { status: label(change.statusAfter) }));
  }
  for (const [k, v] of change.tagsSet.slice(0, 5)) {
    lines.push(
      t('runs.notice.tagSet', {
        key: escapeMarkdown(clip(k, 60)),
        value: escapeMarkdown(clip(v, 120)),
      }),
    );
  }
  if (change.tagsSet.length > 5) {
    lines.push(t('runs.notice.moreTags', { count: change.tagsSet.length - 5 }));
  }
  for (const k of change.tagsRemoved.slice(0, 5))
    lines.push(t('runs.notice.tagRemoved', { key: escapeMarkdown(clip(k, 60)) }));
  const update = t('runs.notice.update', { name: escapeMarkdown(clip(name, 80)) });
  return `${update}\n\n${lines.map((l) => `- ${l}`).join('\n')}`;
}
