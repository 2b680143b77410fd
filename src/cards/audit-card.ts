import type { AuditEntry } from '../platform/store/audit-repository';
import { card, heading, text } from './card';
import { type AdaptiveCard, type CardElement } from '../chat/adaptive-card';
import { escapeMarkdown } from '../chat/escape-markdown';

export interface AuditView {
  entries: readonly AuditEntry[];
}

const RESULT_LABEL: Record<AuditEntry['result'], string> = {
  ok: '✔ done',
  denied: '⛔ denied',
  failed: '✖ failed',
  cancelled: '↩ cancelled',
  planned: '… planned',
  approved: '✔ approved',
};

/** The latest audited actions; times render in the viewer's own time zone. */
export function buildAuditCard(view: AuditView): AdaptiveCard {
  const body: CardElement[] = [heading('Audit log')];
  if (view.entries.length === 0) body.push(text('Nothing has been audited yet.'));
  for (const e of view.entries) {
    const when = new Date(e.at).toISOString().replace(/\.\d{3}Z$/, 'Z');
    body.push({
      type: 'Container',
      separator: true,
      spacing: 'Small',
      items: [
        text(`**${escapeMarkdown(e.action)}** · ${RESULT_LABEL[e.result]}`),
        text(
          `${escapeMarkdown(e.actorName ?? e.actorId)} · {{DATE(${when}, SHORT)}} {{TIME(${when})}}${e.durationMs !== undefined ? ` · ${e.durationMs} ms` : ''}`,
          { spacing: 'None', isSubtle: true, size: 'Small' },
        ),
        ...(e.detail ? [text(escapeMarkdown(e.detail), { spacing: 'None', size: 'Small' })] : []),
      ],
    });
  }
  return card(body);
}
