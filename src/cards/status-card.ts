import type { ProbeResult } from '../platform/health/health-service';
import { card, heading, text } from './card';
import { type AdaptiveCard, type CardElement } from '../chat/adaptive-card';
import { translator, type Lang, type Translate } from '../chat/i18n';
import { formatNumber } from '../chat/locale-format';

/** A probe as `status` shows it; `toConfigure` names the variables for a row not configured. */
export interface StatusRow extends ProbeResult {
  toConfigure?: string;
}

export interface StatusView {
  botName: string;
  version: string;
  environmentName: string;
  authEnabled: boolean;
  /** Settings the bot started with but probably should not have (src/config warnings). */
  configWarnings?: readonly string[];
  probes: readonly StatusRow[];
  /** Things done that did not fully land (e.g. a deploy MLflow never recorded); each says what to do. */
  notices?: readonly string[];
  conversations: { total: number; inactive: number };
  /** Proactive messages by outbox state; failures here mean alerts did not arrive. */
  delivery?: { pending: number; failed: number; dead: number; uncertain: number };
  /** The reader's language; English when not given. */
  lang?: Lang;
}

/** Text label first, colour second: status must read the same without colour. */
export function probeLabel(
  p: ProbeResult,
  t: Translate = translator('en'),
): { label: string; color: string } {
  if (!p.configured) return { label: t('status.notConfigured'), color: 'Default' };
  if (p.ok) return { label: t('status.ok'), color: 'Good' };
  return { label: t('status.failing'), color: 'Attention' };
}

/** What is configured and whether each connection answers. Never a secret. */
export function buildStatusCard(view: StatusView): AdaptiveCard {
  const lang = view.lang ?? 'en';
  const t = translator(lang);
  const rows: CardElement[] = view.probes.map((p) => {
    const { label, color } = probeLabel(p, t);
    return {
      type: 'Container',
      separator: true,
      spacing: 'Small',
      items: [
        {
          type: 'ColumnSet',
          columns: [
            { type: 'Column', width: 'stretch', items: [text(`**${p.name}**`)] },
            {
              type: 'Column',
              width: 'auto',
              items: [text(label, { color, weight: 'Bolder' })],
            },
          ],
        },
        ...(p.configured
          ? [
              text(p.target, { spacing: 'None', isSubtle: true, size: 'Small' }),
              text(
                `${p.detail}${p.latencyMs !== undefined ? ` · ${formatNumber(p.latencyMs, lang)} ms` : ''}`,
                {
                  spacing: 'None',
                  size: 'Small',
                },
              ),
            ]
          : [
              text(
                p.toConfigure ? t('status.toConfigure', { settings: p.toConfigure }) : p.detail,
                { spacing: 'None', size: 'Small' },
              ),
            ]),
      ],
    };
  });
  const { total, inactive } = view.conversations;
  return card([
    heading(t('status.title', { botName: view.botName })),
    text(
      t('status.environment', {
        environment: view.environmentName,
        version: view.version,
        auth: view.authEnabled ? t('status.authenticated') : t('status.notAuthenticated'),
      }),
      { spacing: 'None', isSubtle: true },
    ),
    ...(view.configWarnings ?? []).map((w) =>
      text(`⚠ ${w}`, { color: 'Attention', size: 'Small', spacing: 'Small' }),
    ),
    ...rows,
    ...(view.notices ?? []).map((n, i) =>
      text(`⚠ ${n}`, { color: 'Attention', size: 'Small', separator: i === 0 }),
    ),
    text(
      inactive > 0
        ? t('status.conversationsUnreachable', { total, inactive })
        : t('status.conversations', { total }),
      { separator: true, size: 'Small' },
    ),
    ...(view.delivery
      ? [text(deliveryLine(view.delivery, t), { spacing: 'None', size: 'Small' })]
      : []),
  ]);
}

function deliveryLine(d: NonNullable<StatusView['delivery']>, t: Translate): string {
  const problems = [
    d.failed > 0 ? t('status.deliveryFailed', { count: d.failed }) : '',
    d.dead > 0 ? t('status.deliveryDead', { count: d.dead }) : '',
    d.uncertain > 0 ? t('status.deliveryUncertain', { count: d.uncertain }) : '',
  ].filter((x) => x !== '');
  return problems.length > 0
    ? t('status.deliveryProblems', { pending: d.pending, problems: problems.join(', ') })
    : t('status.delivery', { pending: d.pending });
}
