import { escapeMarkdown } from '../chat/escape-markdown';
import { cardReply } from '../chat/reply';
import type { OperationView } from '../platform/operations/operation';
import type { DeployParams } from '../workflows/deploy/deploy-params';
import { buildProgressCard } from './operation-progress-card';
import { approvedSuffix } from './plan-approval';

/** The deploy / rollback progress card, and the mention when the endpoint is READY or failed. */
export const deployView: OperationView<DeployParams> = {
  render(op, now) {
    const p = op.params;
    const what = `${p.rollbackOf ? 'Rollback' : 'Deploy'} ${p.model.endpoint}`;
    const model = `${p.model.modelName}${p.model.modelVersion ? ` ${p.model.modelVersion}` : ''}`;
    const link = op.outputs.mlflowLink;
    return cardReply(
      buildProgressCard({
        title: what,
        subtitle: `${model} · ${escapeMarkdown(op.requesterName ?? op.requesterId)}${approvedSuffix(op.outputs)}`,
        state: op.state,
        steps: op.steps,
        now,
        outputs: [],
        error: op.error,
        actions: link ? [{ type: 'Action.OpenUrl', title: 'Open MLflow run', url: link }] : [],
      }),
      `${what}: ${op.state}`,
    );
  },
  finished(op) {
    const p = op.params;
    const what = `${p.rollbackOf ? 'Rollback' : 'Deploy'} of ${p.model.endpoint}`;
    const name = op.requesterName ?? 'requester';
    return {
      kind: 'text',
      text: `<at>${name}</at> ${what} ${op.state === 'succeeded' ? 'is READY' : 'failed'}.`,
      mentions: [{ id: op.requesterId, name }],
    };
  },
};
