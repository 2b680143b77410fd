import type { Reply } from '../../chat/reply';
import { executeAction } from '../../cards/card';
import { type CardAction } from '../../chat/adaptive-card';
import { buildProgressCard } from '../../cards/operation-progress-card';
import type { Operation, OperationKind } from '../../platform/operations/operation';
import type { AuditRepository } from '../../platform/store/audit-repository';
import { provisionParams, provisionSteps, type ProvisionStepDeps } from './provision-steps';

export const PROVISION_KIND = 'provision';

/** Card verbs of the recovery buttons on a failed provision card (handled by the provision dialog). */
export const RECOVERY_VERBS = {
  restore: 'provision.restore',
  purge: 'provision.purge',
  rename: 'provision.rename',
  region: 'provision.region',
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
  op: Readonly<Operation>,
  labels: readonly (readonly [string, string])[] = OUTPUT_LABELS,
): [string, string][] {
  return labels.filter(([k]) => op.outputs[k]).map(([k, label]) => [label, op.outputs[k] ?? '']);
}

function recoveryActions(op: Readonly<Operation>): CardAction[] {
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
    case undefined:
    default:
      return [];
  }
}

/** The provision progress card as it stands. */
export function renderProvision(op: Readonly<Operation>, now: number): Reply {
  const p = provisionParams(op.params);
  const region = op.outputs.region ?? p.regions[0] ?? '';
  const card = buildProgressCard({
    title: `Provision ${op.environment}`,
    subtitle: `${op.requesterName ?? 'someone'} · ${region} · ${p.model.name} ${p.model.version}`,
    state: op.state,
    steps: op.steps,
    now,
    outputs: op.state === 'succeeded' || op.state === 'failed' ? outputFacts(op) : [],
    error: op.error,
    actions: recoveryActions(op),
  });
  return { kind: 'card', card, summary: `Provision ${op.environment}: ${op.state}` };
}

/** Writes the audit entry for a finished operation ('ok' / 'failed' with its duration). */
export function auditFinished(audit: AuditRepository, op: Readonly<Operation>): void {
  audit.append({
    actorId: op.requesterId,
    actorName: op.requesterName,
    conversationId: op.conversationId,
    action: op.kind,
    plan: op.plan,
    result: op.state === 'succeeded' ? 'ok' : 'failed',
    detail: op.state === 'succeeded' ? `operation ${op.id}` : (op.error ?? 'failed'),
    durationMs:
      op.startedAt !== undefined && op.finishedAt !== undefined
        ? op.finishedAt - op.startedAt
        : undefined,
  });
}

/** The message that @mentions the requester when an operation ends. */
export function finishedMention(op: Readonly<Operation>, what: string): Reply {
  const name = op.requesterName ?? 'requester';
  const id = (op.params.requesterTeamsId as string | undefined) ?? op.requesterId;
  const outcome = op.state === 'succeeded' ? 'is done' : 'failed — see the card for what to do';
  return {
    kind: 'text',
    text: `<at>${name}</at> ${what} of **${op.environment}** ${outcome}.`,
    mentions: [{ id, name }],
  };
}

/**
 * The `provision` operation: resource group → account → deployment → workspace → cluster →
 * libraries, one card updated in place, the requester mentioned and the result audited.
 */
export function provisionKind(deps: ProvisionStepDeps & { audit: AuditRepository }): OperationKind {
  return {
    kind: PROVISION_KIND,
    steps: (op) => provisionSteps(deps, provisionParams(op.params)),
    render: renderProvision,
    finished: (op) => {
      auditFinished(deps.audit, op);
      return finishedMention(op, 'Provisioning');
    },
  };
}
