import { card, facts, heading, text } from './card';
import { type AdaptiveCard } from '../chat/adaptive-card';
import { escapeMarkdown } from '../chat/escape-markdown';
import { translator, type Lang } from '../chat/i18n';
import { cardDate, cardTime } from '../chat/locale-format';

/** One served entity as the status card shows it. */
export interface CanaryEntityView {
  entityName: string;
  modelName: string;
  deploymentName: string;
  /** Databricks' deployment state, e.g. DEPLOYMENT_READY. */
  state: string | undefined;
}

export interface CanaryStatusView {
  lang: Lang;
  endpoint: string;
  current: CanaryEntityView;
  candidate: CanaryEntityView;
  currentPercent: number;
  candidatePercent: number;
  /** When the split went live (epoch ms); undefined when Databricks did not say. */
  since: number | undefined;
  updating: boolean;
}

/** `canary status`: both entities with their states, the split, since when, and what is next. */
export function buildCanaryStatusCard(v: CanaryStatusView): AdaptiveCard {
  const t = translator(v.lang);
  const entity = (e: CanaryEntityView) =>
    t('canary.entityState', {
      model: escapeMarkdown(e.modelName),
      deployment: escapeMarkdown(e.deploymentName),
      state: e.state ?? '?',
    });
  const rows: [string, string][] = [
    [t('canary.rowCurrent'), entity(v.current)],
    [t('canary.rowCandidate'), entity(v.candidate)],
    [
      t('canary.rowSplit'),
      t('canary.split', { current: v.currentPercent, candidate: v.candidatePercent }),
    ],
    [
      t('canary.rowSince'),
      v.since === undefined ? t('canary.unknownTime') : `${cardDate(v.since)} ${cardTime(v.since)}`,
    ],
  ];
  return card([
    heading(t('canary.statusTitle', { name: escapeMarkdown(v.endpoint) })),
    facts(rows),
    ...(v.updating ? [text(t('canary.statusUpdating'), { size: 'Small' })] : []),
    text(t('canary.statusNext'), { isSubtle: true, size: 'Small' }),
  ]);
}
