import { escapeMarkdown } from '../chat/escape-markdown';
import type { Inventory } from '../services/azure/azure-provisioner';
import type { Operation } from '../platform/operations/operation';
import { card, facts, text } from './card';
import { type AdaptiveCard } from '../chat/adaptive-card';

/**
 * `status lab`: what the environment holds in Azure right now (live inventory) and the last
 * provision / cleanup with its outcome. Kept out of plain `status`, which must stay fast.
 */
export function buildLabStatusCard(v: {
  environment: string;
  resourceGroup: string;
  inventory: Inventory;
  lastOperation: Operation | undefined;
}): AdaptiveCard {
  const rows = v.inventory.items.map((i) => [i.kind, `${i.name} · ${i.state}`] as const);
  const last = v.lastOperation;
  return card([
    text(`Lab ${v.environment}`, { weight: 'Bolder', size: 'Medium', style: 'heading' }),
    text(`Resource group ${v.resourceGroup}`, { spacing: 'None', isSubtle: true, size: 'Small' }),
    rows.length > 0 ? facts(rows) : text('Nothing of this lab exists in Azure.'),
    text(v.inventory.nothingBillableLeft ? '✔ Nothing billable' : '● Billable resources exist', {
      weight: 'Bolder',
    }),
    ...(last
      ? [
          text(
            `Last: ${last.kind} ${last.state} · ${escapeMarkdown(last.requesterName ?? last.requesterId)}${last.outputs.clusterId ? ` · cluster ${last.outputs.clusterId}` : ''}`,
            { size: 'Small', isSubtle: true },
          ),
        ]
      : []),
  ]);
}
