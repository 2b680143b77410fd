import { escapeMarkdown } from '../chat/escape-markdown';
import { translator } from '../chat/i18n';
import type { OperationView } from '../platform/operations/operation';
import type { CleanupParams } from '../workflows/provisioning/cleanup-steps';
import { localError, localNotes } from './step-notes';
import { finishedMention } from './finished-mention';
import { buildProgressCard } from './operation-progress-card';
import { approvedSuffix } from './plan-approval';

/** The cleanup progress card; it ends with the verification, stated only when it holds. */
export const cleanupView: OperationView<CleanupParams> = {
  render(op, now, lang) {
    const t = translator(lang);
    const p = op.params;
    const verified = op.state === 'succeeded' && op.outputs.verification;
    const who = escapeMarkdown(op.requesterName ?? t('lab.progress.someone'));
    const kept = p.keepResourceGroup ? t('lab.progress.kept') : '';
    const card = buildProgressCard({
      title: t('lab.progress.cleanupTitle', { environment: op.environment }),
      subtitle: `${who} · ${p.resourceGroup}${kept}${approvedSuffix(op.outputs, lang)}`,
      state: op.state,
      steps: localNotes(op.steps, lang),
      now,
      outputs: [],
      error: localError(op, lang),
      // The verify step's only verdict is "Nothing billable left"; the card says it in `lang`.
      footer: verified ? t('lab.progress.verified') : undefined,
      lang,
    });
    const state = t(`operation.state.${op.state}`);
    return {
      kind: 'card',
      card,
      summary: t('lab.progress.cleanupSummary', { environment: op.environment, state }),
    };
  },
  finished: (op, lang) => finishedMention(op, translator(lang)('lab.progress.cleanupWhat'), lang),
};
