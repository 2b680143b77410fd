import type { AuditEntry } from '../platform/store/audit-repository';
import { card, heading, text } from './card';
import { type AdaptiveCard, type CardElement } from '../chat/adaptive-card';
import { escapeMarkdown } from '../chat/escape-markdown';
import { translator, type Lang } from '../chat/i18n';

export interface AuditView {
  entries: readonly AuditEntry[];
  lang?: Lang;
}

/** The latest audited actions; times render in the viewer's own time zone. */
export function buildAuditCard(view: AuditView): AdaptiveCard {
  const lang = view.lang ?? 'en';
  const t = translator(lang);
  const body: CardElement[] = [heading(t('audit.title'))];
  if (view.entries.length === 0) body.push(text(t('audit.empty')));
  for (const e of view.entries) {
    const when = new Date(e.at).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const took = e.durationMs !== undefined ? ` · ${e.durationMs} ms` : '';
    body.push({
      type: 'Container',
      separator: true,
      spacing: 'Small',
      items: [
        text(`**${escapeMarkdown(e.action)}** · ${t(`audit.result.${e.result}`)}`),
        text(
          `${escapeMarkdown(e.actorName ?? e.actorId)} · {{DATE(${when}, SHORT)}} {{TIME(${when})}}${took}`,
          { spacing: 'None', isSubtle: true, size: 'Small' },
        ),
        ...(e.detail ? [text(escapeMarkdown(e.detail), { spacing: 'None', size: 'Small' })] : []),
      ],
    });
  }
  return card(body);
}
