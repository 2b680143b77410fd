import { escapeMarkdown } from '../chat/escape-markdown';
import { formatBytes } from '../chat/locale-format';
import { translator, type Lang, type Translate } from '../chat/i18n';
import { card, executeAction, facts, heading, text } from './card';
import { type AdaptiveCard, type CardAction, type CardElement } from '../chat/adaptive-card';
import {
  clip,
  DEFAULT_LOCALE,
  fitCard,
  formatDelta,
  formatDuration,
  formatMetric,
  isEnglish,
  localTime,
  scaled,
  statusColor,
  statusLabel,
  type RunStatusName,
} from './run-format';
import { RUNS_VERBS } from './runs-card';

/** One metric line of the run card, with what "better" means for it. */
export interface RunMetricRow {
  key: string;
  value: number;
  direction: 'lower' | 'higher';
  /** The best run of the experiment for this metric, when it was looked up. */
  best: { value: number; runId: string; runName: string } | undefined;
}

/** Everything the run card shows, already fetched; lists are complete, the card truncates. */
export interface RunView {
  runId: string;
  name: string;
  status: RunStatusName;
  experimentName: string;
  startTime: number | undefined;
  endTime: number | undefined;
  durationMs: number | undefined;
  user: string | undefined;
  link: string;
  params: { key: string; value: string }[];
  /** Key metrics first. */
  metrics: RunMetricRow[];
  /** Without MLflow's own `mlflow.*` tags. */
  tags: { key: string; value: string }[];
  history: { key: string; points: { step: number; value: number }[] } | undefined;
  modelVersions: { name: string; version: string; status: string; aliases: string[] }[];
  artifacts: { path: string; isDir: boolean; fileSize: number | undefined }[];
  /** Best run by the main metric, when it is another run. */
  compareWith: { runId: string; metric: string } | undefined;
  /** BCP 47 tag of the reader (the activity's locale) for numbers and durations; English if absent. */
  locale?: string;
  /** The reader's language for the card's words; English when not given. */
  lang?: Lang;
}

const MAX_CHART_POINTS = 60;

/** Evenly spaced points, first and last kept, so a long history still draws its shape. */
export function downsample<T>(points: readonly T[], max = MAX_CHART_POINTS): T[] {
  if (points.length <= max) return [...points];
  const out: T[] = [];
  for (let i = 0; i < max; i++) {
    const p = points[Math.round((i * (points.length - 1)) / (max - 1))];
    if (p !== undefined) out.push(p);
  }
  return out;
}

function metricText(m: RunMetricRow, locale: string, t: Translate): string {
  const value = formatMetric(m.value, locale);
  if (!m.best) return value;
  const d = m.value - m.best.value;
  if (d === 0) return t('runs.card.best', { value });
  return t(m.direction === 'lower' ? 'runs.card.vsBestLower' : 'runs.card.vsBestHigher', {
    value,
    delta: formatDelta(d, locale),
    best: formatMetric(m.best.value, locale),
    run: escapeMarkdown(clip(m.best.runName || m.best.runId, 40)),
  });
}

function section(title: string, items: CardElement[]): CardElement[] {
  return [text(`**${title}**`, { separator: true, spacing: 'Medium' }), ...items];
}

/** Shows `limit` of `all`, and says how many were left out. */
function listed<T>(
  all: readonly T[],
  limit: number,
  t: Translate,
  render: (shown: T[]) => CardElement[],
): CardElement[] {
  const shown = all.slice(0, limit);
  const more = all.length - shown.length;
  return [
    ...render(shown),
    ...(more > 0
      ? [text(t('runs.card.more', { count: more }), { isSubtle: true, spacing: 'None' })]
      : []),
  ];
}

function chart(
  history: NonNullable<RunView['history']>,
  locale: string,
  t: Translate,
): CardElement {
  const pts = downsample(history.points);
  const first = history.points[0];
  const last = history.points[history.points.length - 1];
  const summary =
    first && last
      ? t('runs.card.history', {
          key: escapeMarkdown(history.key),
          first: formatMetric(first.value, locale),
          firstStep: first.step,
          last: formatMetric(last.value, locale),
          lastStep: last.step,
          count: history.points.length,
        })
      : t('runs.card.noHistory', { key: escapeMarkdown(history.key) });
  return {
    type: 'Chart.Line',
    title: t('runs.card.byStep', { key: clip(history.key, 60) }),
    xAxisTitle: t('runs.card.step'),
    yAxisTitle: clip(history.key, 60),
    data: [
      {
        legend: clip(history.key, 60),
        values: pts.map((p) => ({ x: p.step, y: Number(p.value.toPrecision(6)) })),
      },
    ],
    fallback: text(summary, { size: 'Small' }),
  };
}

/** English keeps exact bytes ("1234 B"); other locales get Intl's units ("1,2 ko"). */
function sizeText(bytes: number, locale: string): string {
  return isEnglish(locale) ? `${bytes} B` : formatBytes(bytes, locale);
}

function build(view: RunView, scale: number): AdaptiveCard {
  const locale = view.locale ?? DEFAULT_LOCALE;
  const lang = view.lang ?? 'en';
  const t = translator(lang);
  const body: CardElement[] = [
    heading(t('runs.card.title', { name: escapeMarkdown(clip(view.name || view.runId, 100)) })),
    text(`${statusLabel(view.status, lang)} · ${escapeMarkdown(clip(view.experimentName, 100))}`, {
      color: statusColor(view.status),
      spacing: 'None',
    }),
    // The 32-character id cannot wrap: as a FactSet value it ran off a phone-width card.
    text(t('runs.card.runId', { runId: view.runId }), {
      isSubtle: true,
      size: 'Small',
      spacing: 'None',
    }),
    facts([
      [t('runs.card.started'), localTime(view.startTime)],
      [t('runs.card.ended'), view.endTime ? localTime(view.endTime) : '—'],
      [t('runs.card.duration'), formatDuration(view.durationMs, locale)],
      [t('runs.card.user'), view.user ? escapeMarkdown(clip(view.user, 80)) : '—'],
    ]),
  ];
  body.push(
    ...section(
      t('runs.card.metrics'),
      view.metrics.length === 0
        ? [text(t('runs.card.noMetrics'), { isSubtle: true })]
        : listed(view.metrics, scaled(25, scale), t, (shown) => [
            facts(shown.map((m) => [escapeMarkdown(clip(m.key, 60)), metricText(m, locale, t)])),
          ]),
    ),
  );
  if (view.history && view.history.points.length > 1) body.push(chart(view.history, locale, t));
  body.push(
    ...section(
      t('runs.card.params'),
      view.params.length === 0
        ? [text(t('runs.card.noParams'), { isSubtle: true })]
        : listed(view.params, scaled(30, scale), t, (shown) => [
            facts(
              shown.map((p) => [
                escapeMarkdown(clip(p.key, 60)),
                escapeMarkdown(clip(p.value, 120)),
              ]),
            ),
          ]),
    ),
  );
  if (view.tags.length > 0) {
    body.push(
      ...section(
        t('runs.card.tags'),
        listed(view.tags, scaled(15, scale), t, (shown) => [
          facts(
            shown.map((g) => [escapeMarkdown(clip(g.key, 60)), escapeMarkdown(clip(g.value, 120))]),
          ),
        ]),
      ),
    );
  }
  if (view.modelVersions.length > 0) {
    body.push(
      ...section(
        t('runs.card.modelVersions'),
        listed(view.modelVersions, scaled(10, scale), t, (shown) =>
          shown.map((v) =>
            text(
              `${escapeMarkdown(clip(v.name, 100))} v${v.version} · ${v.status}${v.aliases.length ? ` · @${v.aliases.map((a) => escapeMarkdown(a)).join(', @')}` : ''}`,
              { spacing: 'None' },
            ),
          ),
        ),
      ),
    );
  }
  body.push(
    ...section(
      t('runs.card.artifacts'),
      view.artifacts.length === 0
        ? [text(t('runs.card.noArtifacts'), { isSubtle: true })]
        : listed(view.artifacts, scaled(20, scale), t, (shown) => [
            text(
              shown
                .map((a) =>
                  a.isDir
                    ? `📁 ${escapeMarkdown(clip(a.path, 100))}/`
                    : `📄 ${escapeMarkdown(clip(a.path, 100))}${a.fileSize !== undefined ? ` (${sizeText(a.fileSize, locale)})` : ''}`,
                )
                .join('\n\n'),
            ),
          ]),
    ),
  );
  const actions: CardAction[] = [
    { type: 'Action.OpenUrl', title: t('runs.card.openInMlflow'), url: view.link },
  ];
  if (view.compareWith) {
    actions.push(
      executeAction(t('runs.card.compareWithBest'), {
        verb: RUNS_VERBS.compare,
        a: view.runId,
        b: view.compareWith.runId,
      }),
    );
  }
  return card(body, actions);
}

/**
 * One run in full: status, times, params, metrics with their distance from the experiment's
 * best, the main metric's history as a chart (text fallback), model versions and artifacts.
 */
export function buildRunCard(view: RunView): AdaptiveCard {
  return fitCard((scale) => build(view, scale));
}
