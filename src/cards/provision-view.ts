import { escapeMarkdown } from '../chat/escape-markdown';
import { translator, type Translate } from '../chat/i18n';
import type { CardAction } from '../chat/adaptive-card';
import type { OperationView, TypedOperation } from '../platform/operations/operation';
import type { ProvisionParams } from '../workflows/provisioning/provision-steps';
import { localError, localNotes } from './step-notes';
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
const outputLabels = (t: Translate): readonly (readonly [string, string])[] => [
  ['endpoint', t('lab.name.azureOpenAI')],
  ['deployment', t('lab.progress.deployment')],
  ['model', t('lab.progress.model')],
  ['workspaceUrl', t('lab.progress.workspace')],
  ['clusterId', t('lab.name.cluster')],
  ['clusterState', t('lab.progress.clusterState')],
  ['libraries', t('lab.progress.libraries')],
];

/** Labelled outputs of an operation that are set, for the card's fact list. */
export function outputFacts(
  outputs: Readonly<Record<string, string>>,
  labels: readonly (readonly [string, string])[] = outputLabels(translator('en')),
): [string, string][] {
  return labels.filter(([k]) => outputs[k]).map(([k, label]) => [label, outputs[k] ?? '']);
}

function recoveryActions(op: TypedOperation<ProvisionParams>, t: Translate): CardAction[] {
  if (op.state !== 'failed') return [];
  const data = { operationId: op.id };
  const nextRegion = op.outputs.nextRegion ?? t('lab.progress.theNextRegion');
  switch (op.outputs.recovery) {
    case 'soft-deleted':
      return [
        executeAction(t('lab.progress.restore'), { verb: RECOVERY_VERBS.restore, ...data }),
        executeAction(t('lab.progress.purge'), { verb: RECOVERY_VERBS.purge, ...data }),
      ];
    case 'rename':
      return [
        executeAction(
          t('lab.progress.rename', {
            name: op.outputs.proposedName ?? t('lab.progress.aNewName'),
          }),
          {
            verb: RECOVERY_VERBS.rename,
            ...data,
          },
        ),
      ];
    case 'next-region':
      return [
        executeAction(t('lab.progress.retryIn', { region: nextRegion }), {
          verb: RECOVERY_VERBS.region,
          ...data,
        }),
      ];
    case 'move-account':
      return [
        executeAction(t('lab.progress.moveTo', { region: nextRegion }), {
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
  render(op, now, lang) {
    const t = translator(lang);
    const p = op.params;
    const region = op.outputs.region ?? p.regions[0] ?? '';
    const who = escapeMarkdown(op.requesterName ?? t('lab.progress.someone'));
    const card = buildProgressCard({
      title: t('lab.progress.provisionTitle', { environment: op.environment }),
      subtitle: `${who} · ${region} · ${p.model.name} ${p.model.version}`,
      state: op.state,
      steps: localNotes(op.steps, lang),
      now,
      outputs:
        op.state === 'succeeded' || op.state === 'failed'
          ? outputFacts(op.outputs, outputLabels(t))
          : [],
      error: localError(op, lang),
      actions: recoveryActions(op, t),
      lang,
    });
    const state = t(`operation.state.${op.state}`);
    return {
      kind: 'card',
      card,
      summary: t('lab.progress.provisionSummary', { environment: op.environment, state }),
    };
  },
  finished: (op, lang) => finishedMention(op, translator(lang)('lab.progress.provisionWhat'), lang),
};
