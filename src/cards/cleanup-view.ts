import { escapeMarkdown } from '../chat/escape-markdown';
import type { OperationView } from '../platform/operations/operation';
import type { CleanupParams } from '../workflows/provisioning/cleanup-steps';
import { finishedMention } from './finished-mention';
import { buildProgressCard } from './operation-progress-card';
import { approvedSuffix } from './plan-approval';

/** The cleanup progress card; it ends with the verification, stated only when it holds. */
export const cleanupView: OperationView<CleanupParams> = {
  render(op, now) {
    const p = op.params;
    const verified = op.state === 'succeeded' && op.outputs.verification;
    const card = buildProgressCard({
      title: `Clean up ${op.environment}`,
      subtitle: `${escapeMarkdown(op.requesterName ?? 'someone')} · ${p.resourceGroup}${p.keepResourceGroup ? ' (kept)' : ''}${approvedSuffix(op.outputs)}`,
      state: op.state,
      steps: op.steps,
      now,
      outputs: [],
      error: op.error,
      footer: verified
        ? `✔ ${op.outputs.verification} (checked by listing the subscription).`
        : undefined,
    });
    return { kind: 'card', card, summary: `Clean up ${op.environment}: ${op.state}` };
  },
  finished: (op) => finishedMention(op, 'Cleanup'),
};
