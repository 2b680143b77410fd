import type { ProbeResult } from '../platform/health/health-service';
import { card, heading, text } from './card';
import { type AdaptiveCard, type CardElement } from '../chat/adaptive-card';

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
}

/** Text label first, colour second: status must read the same without colour. */
export function probeLabel(p: ProbeResult): { label: string; color: string } {
  if (!p.configured) return { label: '○ Not configured', color: 'Default' };
  if (p.ok) return { label: '✔ OK', color: 'Good' };
  return { label: '✖ Failing', color: 'Attention' };
}

/** What is configured and whether each connection answers. Never a secret. */
export function buildStatusCard(view: StatusView): AdaptiveCard {
  const rows: CardElement[] = view.probes.map((p) => {
    const { label, color } = probeLabel(p);
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
              text(`${p.detail}${p.latencyMs !== undefined ? ` · ${p.latencyMs} ms` : ''}`, {
                spacing: 'None',
                size: 'Small',
              }),
            ]
          : [
              text(
                p.toConfigure
                  ? `To configure: set ${p.toConfigure}, then restart the bot.`
                  : p.detail,
                { spacing: 'None', size: 'Small' },
              ),
            ]),
      ],
    };
  });
  const { total, inactive } = view.conversations;
  return card([
    heading(`${view.botName} status`),
    text(
      `Environment **${view.environmentName}** · version ${view.version} · requests ${view.authEnabled ? 'authenticated' : '**not authenticated** (local mode)'}`,
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
      `Conversations known: ${total}${inactive > 0 ? ` (${inactive} unreachable: bot removed or blocked)` : ''}`,
      { separator: true, size: 'Small' },
    ),
    ...(view.delivery
      ? [text(deliveryLine(view.delivery), { spacing: 'None', size: 'Small' })]
      : []),
  ]);
}

function deliveryLine(d: NonNullable<StatusView['delivery']>): string {
  const problems = [
    d.failed > 0 ? `${d.failed} failed` : '',
    d.dead > 0 ? `${d.dead} to removed conversations` : '',
    d.uncertain > 0 ? `${d.uncertain} interrupted by a restart` : '',
  ].filter((x) => x !== '');
  return `Proactive messages: ${d.pending} waiting${problems.length > 0 ? ` · ⚠ ${problems.join(', ')}` : ' · none failed'}`;
}
