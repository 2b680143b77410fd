import type { AdaptiveCard, CardElement } from '../chat/adaptive-card';
import { escapeMarkdown } from '../chat/escape-markdown';
import { translator, type Lang, type Translate } from '../chat/i18n';
import { CARD_SCHEMA, facts, text } from './card';
import {
  clip,
  formatDuration,
  formatMetric,
  localTime,
  statusColor,
  statusLabel,
  type RunStatusName,
} from './run-format';

/**
 * Cards for pasted links and compose-box search. Teams renders link unfurls from Adaptive
 * Cards 1.3 only, and caches each for 30 minutes, so every card says when its data was read.
 * Anonymous (zero-install) unfurls are shown to people the bot knows nothing about: they get
 * names and states only, never params, metrics, users or served models.
 */
export const UNFURL_CARD_VERSION = '1.3';

/** A run as the unfurl card shows it; lists are already ordered, the card cuts them. */
export interface RunUnfurlView {
  runId: string;
  name: string;
  status: RunStatusName;
  experimentName: string;
  startTime: number | undefined;
  durationMs: number | undefined;
  user: string | undefined;
  link: string;
  /** Key metrics first. */
  metrics: { key: string; value: number }[];
  params: { key: string; value: string }[];
}

export interface ExperimentUnfurlView {
  experimentId: string;
  name: string;
  link: string;
  /** Newest first; `metric` is the experiment's main metric when the run has it. */
  runs: {
    runId: string;
    name: string;
    status: RunStatusName;
    metric?: { key: string; value: number };
  }[];
}

export interface EndpointUnfurlView {
  name: string;
  /** READY / NOT_READY as Databricks reports it. */
  state: string;
  configUpdate: string;
  configVersion: number | undefined;
  served: { entityName: string; modelName: string; deploymentState: string | undefined }[];
  /** The newest deployment recorded in MLflow by `deploy`, when there is one. */
  lastDeploy:
    | {
        startTime: number | undefined;
        status: RunStatusName;
        requester: string | undefined;
        link: string;
      }
    | undefined;
  link: string;
}

/** What the compose box shows before the card is expanded (a thumbnail card). */
export interface UnfurlPreview {
  title: string;
  subtitle: string;
  text: string;
}

export interface Unfurl {
  card: AdaptiveCard;
  preview: UnfurlPreview;
}

const KEY_METRICS = 8;
const PARAMS = 8;
const RUN_ROWS = 5;

function unfurlCard(
  t: Translate,
  title: string,
  body: CardElement[],
  link: string,
  takenAt: number,
  links: readonly { title: string; url: string }[] = [],
): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: CARD_SCHEMA,
    version: UNFURL_CARD_VERSION,
    body: [
      // `style: heading` is 1.5; size and weight give the same look in 1.3.
      { type: 'TextBlock', text: title, weight: 'Bolder', size: 'Medium', wrap: true },
      ...body,
      text(t('unfurl.dataAsOf', { time: localTime(takenAt) }), {
        isSubtle: true,
        size: 'Small',
        separator: true,
      }),
    ],
    actions: [{ title: t('unfurl.open'), url: link }, ...links].map((l) => ({
      type: 'Action.OpenUrl',
      ...l,
    })),
  };
}

/** Bold by weight, not Markdown: an unfurl is also rendered where Markdown is not. */
const section = (title: string): CardElement =>
  text(title, { weight: 'Bolder', separator: true, spacing: 'Medium' });

const name = (value: string, max = 100) => escapeMarkdown(clip(value, max));
const metricsLine = (metrics: readonly { key: string; value: number }[], n: number) =>
  metrics
    .slice(0, n)
    .map((m) => `${clip(m.key, 30)} ${formatMetric(m.value)}`)
    .join(' · ');

export function buildRunUnfurl(
  view: RunUnfurlView,
  takenAt: number,
  anonymous: boolean,
  lang: Lang = 'en',
): Unfurl {
  const t = translator(lang);
  const title = t('unfurl.run', { name: name(view.name || view.runId) });
  const status = text(`${statusLabel(view.status)} · ${name(view.experimentName)}`, {
    color: statusColor(view.status),
    spacing: 'None',
  });
  const body: CardElement[] = [status];
  if (!anonymous) {
    body.push(
      facts([
        [t('unfurl.started'), localTime(view.startTime)],
        [t('unfurl.duration'), formatDuration(view.durationMs)],
        [t('unfurl.user'), view.user ? name(view.user, 80) : '—'],
      ]),
    );
    if (view.metrics.length > 0) {
      body.push(
        section(t('unfurl.metrics')),
        facts(
          view.metrics.slice(0, KEY_METRICS).map((m) => [name(m.key, 60), formatMetric(m.value)]),
        ),
      );
    }
    if (view.params.length > 0) {
      body.push(
        section(t('unfurl.params')),
        facts(view.params.slice(0, PARAMS).map((p) => [name(p.key, 60), name(p.value, 80)])),
      );
    }
    const more =
      Math.max(0, view.metrics.length - KEY_METRICS) + Math.max(0, view.params.length - PARAMS);
    if (more > 0)
      body.push(text(t('unfurl.more', { count: more }), { isSubtle: true, spacing: 'None' }));
  }
  const summary = anonymous ? '' : metricsLine(view.metrics, 3);
  return {
    card: unfurlCard(t, title, body, view.link, takenAt),
    preview: {
      title: clip(view.name || view.runId, 80),
      subtitle: `${statusLabel(view.status)} · ${clip(view.experimentName, 60)}`,
      text: summary,
    },
  };
}

export function buildExperimentUnfurl(
  view: ExperimentUnfurlView,
  takenAt: number,
  anonymous: boolean,
  lang: Lang = 'en',
): Unfurl {
  const t = translator(lang);
  const rows = view.runs.slice(0, RUN_ROWS);
  const body: CardElement[] =
    rows.length === 0
      ? [text(t('unfurl.noRuns'), { isSubtle: true })]
      : [
          section(t('unfurl.latestRuns')),
          ...rows.map((r) =>
            text(
              `${name(r.name || r.runId, 60)} · ${statusLabel(r.status)}${!anonymous && r.metric ? ` · ${name(r.metric.key, 30)} ${formatMetric(r.metric.value)}` : ''}`,
              { spacing: 'None', color: statusColor(r.status) },
            ),
          ),
        ];
  return {
    card: unfurlCard(
      t,
      t('unfurl.experiment', { name: name(view.name) }),
      body,
      view.link,
      takenAt,
    ),
    preview: {
      title: clip(view.name, 80),
      subtitle: t('unfurl.experimentSubtitle'),
      text: rows.map((r) => `${clip(r.name || r.runId, 30)} ${statusLabel(r.status)}`).join(' · '),
    },
  };
}

export function buildEndpointUnfurl(
  view: EndpointUnfurlView,
  takenAt: number,
  anonymous: boolean,
  lang: Lang = 'en',
): Unfurl {
  const t = translator(lang);
  const state = `${view.state}${view.configUpdate && view.configUpdate !== 'NOT_UPDATING' ? ` · ${view.configUpdate}` : ''}`;
  const body: CardElement[] = [
    text(state, { color: view.state === 'READY' ? 'Good' : 'Warning', spacing: 'None' }),
  ];
  if (!anonymous) {
    const last = view.lastDeploy;
    body.push(
      facts([
        [
          t('unfurl.configVersion'),
          view.configVersion === undefined ? '—' : String(view.configVersion),
        ],
        ...view.served
          .slice(0, 3)
          .map((s): [string, string] => [
            name(s.entityName, 60),
            `${name(s.modelName, 60)}${s.deploymentState ? ` · ${s.deploymentState}` : ''}`,
          ]),
        [
          t('unfurl.lastDeploy'),
          last
            ? `${localTime(last.startTime)} · ${statusLabel(last.status)}${last.requester ? ` · ${name(last.requester, 60)}` : ''}`
            : t('unfurl.notRecorded'),
        ],
      ]),
    );
  }
  const served = view.served[0];
  return {
    card: unfurlCard(
      t,
      t('unfurl.endpoint', { name: name(view.name) }),
      body,
      view.link,
      takenAt,
      !anonymous && view.lastDeploy
        ? [{ title: t('unfurl.deploymentRecord'), url: view.lastDeploy.link }]
        : [],
    ),
    preview: {
      title: clip(view.name, 80),
      subtitle: t('unfurl.endpoint', { name: view.state }),
      text:
        anonymous || !served
          ? ''
          : `${clip(served.modelName, 60)} · ${t('unfurl.configShort', { version: view.configVersion ?? '—' })}`,
    },
  };
}
