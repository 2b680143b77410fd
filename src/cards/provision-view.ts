import { escapeMarkdown } from '../chat/escape-markdown';
import type { CardAction } from '../chat/adaptive-card';
import type { OperationView, TypedOperation } from '../platform/operations/operation';
import type { ProvisionParams } from '../workflows/provisioning/provision-steps';
import { executeAction } from './card';
import { finishedMention } from './finished-mention';
import { buildProgressCard } from './operation-progress-card';

/** Card verbs of the recovery buttons on a failed provision card (handled by the provision dialog). */
export const RECOVERY_VERBS = {
  restore: 'provision.restore',
  purge: 'provision.purge',
  rename: 'provision.rename',
  region: 'provision.region',
  move: 'provision.move',
} as const;

/** The outputs the finished card lists, in this order, with short labels for a phone. */
const OUTPUT_LABELS: readonly (readonly [string, string])[] = [
  ['endpoint', 'Azure OpenAI'],
  ['deployment', 'Deployment'],
  ['model', 'Model'],
  ['workspaceUrl', 'Workspace'],
  ['clusterId', 'Cluster'],
  ['clusterState', 'Cluster state'],
  ['libraries', 'Libraries'],
];

/** Labelled outputs of an operation that are set, for the card's fact list. */
export function outputFacts(
  outputs: Readonly<Record<string, string>>,
  labels: readonly (readonly [string, string])[] = OUTPUT_LABELS,
): [string, string][] {
  return labels.filter(([k]) => outputs[k]).map(([k, label]) => [label, outputs[k] ?? '']);
}

function recoveryActions(op: TypedOperation<ProvisionParams>): CardAction[] {
  if (op.state !== 'failed') return [];
  const data = { operationId: op.id };
  switch (op.outputs.recovery) {
    case 'soft-deleted':
      return [
        executeAction('Restore the account', { verb: RECOVERY_VERBS.restore, ...data }),
        executeAction('Purge and recreate', { verb: RECOVERY_VERBS.purge, ...data }),
      ];
    case 'rename':
      return [
        executeAction(`Use ${op.outputs.proposedName ?? 'a new name'}`, {
          verb: RECOVERY_VERBS.rename,
          ...data,
        }),
      ];
    case 'next-region':
      return [
        executeAction(`Retry in ${op.outputs.nextRegion ?? 'the next region'}`, {
          verb: RECOVERY_VERBS.region,
          ...data,
        }),
      ];
    case 'move-account':
      return [
        executeAction(`Move the account to ${op.outputs.nextRegion ?? 'the next region'}`, {
          verb: RECOVERY_VERBS.move,
          ...data,
        }),
      ];
    case undefined:
    default:
      return [];
  }
}

/** The provision progress card as it stands, and the mention when it ends. */
export const provisionView: OperationView<ProvisionParams> = {
  render(op, now) {
    const p = op.params;
    const region = op.outputs.region ?? p.regions[0] ?? '';
    const card = buildProgressCard({
      title: `Provision ${op.environment}`,
      subtitle: `${escapeMarkdown(op.requesterName ?? 'someone')} · ${region} · ${p.model.name} ${p.model.version}`,
      state: op.state,
      steps: op.steps,
      now,
      outputs: op.state === 'succeeded' || op.state === 'failed' ? outputFacts(op.outputs) : [],
      error: op.error,
      actions: recoveryActions(op),
    });
    return { kind: 'card', card, summary: `Provision ${op.environment}: ${op.state}` };
  },
  finished: (op) => finishedMention(op, 'Provisioning'),
};
