import { escapeMarkdown } from '../chat/escape-markdown';
import { card, executeAction, heading, text } from './card';
import { translator, type Lang, type Translate } from '../chat/i18n';
import { type AdaptiveCard, type CardAction, type CardElement } from '../chat/adaptive-card';
import {
  clip,
  DEFAULT_LOCALE,
  fitCard,
  formatDuration,
  formatMetric,
  localTime,
  scaled,
  statusColor,
  statusLabel,
  type RunStatusName,
} from './run-format';

/** One run in the list. */
export interface RunRow {
  runId: string;
  name: string;
  status: RunStatusName;
  startTime: number | undefined;
  durationMs: number | undefined;
  user: string | undefined;
  /** Latest values of the page's key metrics that this run has. */
  metrics: Record<string, number>;
}

/** One page of runs; `nextPageToken` feeds the "More runs" button. */
export interface RunsView {
  experimentId: string;
  experimentName: string;
  experimentLink: string;
  filter: string | undefined;
  keyMetrics: string[];
  rows: RunRow[];
  /** 1-based page number, for the heading. */
  page: number;
  pageSize: number;
  nextPageToken: string | undefined;
  /** BCP 47 tag of the reader (the activity's locale) for numbers and durations; English if absent. */
  locale?: string;
  /** The reader's language for the card's words; English when not given. */
  lang?: Lang;
}

/** Verbs owned by the runs command. */
export const RUNS_VERBS = {
  more: 'runs.more',
  open: 'runs.open',
  compare: 'runs.compare',
} as const;

function row(
  r: RunRow,
  keyMetrics: readonly string[],
  scale: number,
  locale: string,
  lang: Lang,
): CardElement {
  const t = translator(lang);
  const metrics = keyMetrics
    .filter((k) => r.metrics[k] !== undefined)
    .slice(0, scaled(6, scale))
    .map((k) => `${escapeMarkdown(clip(k, 40))} **${formatMetric(r.metrics[k], locale)}**`);
  const who = r.user ? ` · ${escapeMarkdown(clip(r.user, 60))}` : '';
  return {
    type: 'Container',
    separator: true,
    spacing: 'Small',
    selectAction: executeAction(t('runs.list.showRun'), { verb: RUNS_VERBS.open, runId: r.runId }),
    items: [
      text(`**${escapeMarkdown(clip(r.name || r.runId, 80))}** · ${statusLabel(r.status, lang)}`, {
        color: statusColor(r.status),
      }),
      text(`${localTime(r.startTime, 'COMPACT')} · ${formatDuration(r.durationMs, locale)}${who}`, {
        spacing: 'None',
        isSubtle: true,
        size: 'Small',
      }),
      ...(metrics.length > 0
        ? [text(metrics.join(' · '), { spacing: 'None', size: 'Small' })]
        : []),
    ],
  };
}

/**
 * The latest runs of one experiment: one search call per page, "More runs" carries the
 * page token so the next page is one more call, never a scan of the experiment.
 */
export function buildRunsCard(view: RunsView): AdaptiveCard {
  const lang = view.lang ?? 'en';
  const t: Translate = translator(lang);
  return fitCard((scale) => {
    const body: CardElement[] = [
      heading(t('runs.list.title', { name: escapeMarkdown(clip(view.experimentName, 120)) })),
      text(
        [
          view.page > 1 ? t('runs.list.page', { page: view.page }) : t('runs.list.latest'),
          view.filter
            ? t('runs.list.filter', { filter: clip(view.filter.replace(/`/g, "'"), 200) })
            : undefined,
          view.keyMetrics.length > 0
            ? t('runs.list.metrics', {
                names: view.keyMetrics.map((k) => escapeMarkdown(clip(k, 40))).join(', '),
              })
            : undefined,
          // Rows show names, not ids, and nothing else tells a reader that a row opens its run.
          view.rows.length > 0 ? t('runs.list.tapHint') : undefined,
        ]
          .filter((s) => s !== undefined)
          .join(' · '),
        { isSubtle: true, spacing: 'None' },
      ),
    ];
    if (view.rows.length === 0) {
      body.push(text(view.filter ? t('runs.list.noMatch') : t('runs.list.empty')));
    }
    for (const r of view.rows)
      body.push(row(r, view.keyMetrics, scale, view.locale ?? DEFAULT_LOCALE, lang));
    const actions: CardAction[] = [];
    if (view.nextPageToken) {
      actions.push(
        executeAction(t('runs.list.moreRuns'), {
          verb: RUNS_VERBS.more,
          experimentId: view.experimentId,
          filter: view.filter ?? '',
          pageToken: view.nextPageToken,
          page: view.page + 1,
        }),
      );
    }
    actions.push({
      type: 'Action.OpenUrl',
      title: t('runs.card.openInMlflow'),
      url: view.experimentLink,
    });
    return card(body, actions);
  });
}
