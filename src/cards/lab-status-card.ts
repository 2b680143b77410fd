import { escapeMarkdown } from '../chat/escape-markdown';
import type { Inventory } from '../services/azure/azure-provisioner';
import type { Operation } from '../platform/operations/operation';
import { card, facts, text } from './card';
import { type AdaptiveCard } from '../chat/adaptive-card';
import { translator, type Lang } from '../chat/i18n';

/**
 * `status lab`: what the environment holds in Azure right now (live inventory) and the last
 * provision / cleanup with its outcome. Kept out of plain `status`, which must stay fast.
 */
export function buildLabStatusCard(v: {
  environment: string;
  resourceGroup: string;
  inventory: Inventory;
  lastOperation: Operation | undefined;
  /** The reader's language; English when not given. */
  lang?: Lang;
}): AdaptiveCard {
  const t = translator(v.lang ?? 'en');
  const rows = v.inventory.items.map((i) => [i.kind, `${i.name} · ${i.state}`] as const);
  const last = v.lastOperation;
  const lastLine = (op: Operation) => {
    const vars = {
      kind: op.kind,
      state: t(`operation.state.${op.state}`),
      who: escapeMarkdown(op.requesterName ?? op.requesterId),
    };
    const id = op.outputs.clusterId;
    return id ? t('lab.labStatus.lastWithCluster', { ...vars, id }) : t('lab.labStatus.last', vars);
  };
  return card([
    text(t('lab.labStatus.title', { environment: v.environment }), {
      weight: 'Bolder',
      size: 'Medium',
      style: 'heading',
    }),
    text(t('lab.labStatus.resourceGroup', { rg: v.resourceGroup }), {
      spacing: 'None',
      isSubtle: true,
      size: 'Small',
    }),
    rows.length > 0 ? facts(rows) : text(t('lab.labStatus.nothing')),
    text(
      v.inventory.nothingBillableLeft
        ? t('lab.labStatus.nothingBillable')
        : t('lab.labStatus.billable'),
      { weight: 'Bolder' },
    ),
    ...(last ? [text(lastLine(last), { size: 'Small', isSubtle: true })] : []),
  ]);
}
