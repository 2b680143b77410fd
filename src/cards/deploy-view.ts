import { escapeMarkdown } from '../chat/escape-markdown';
import { cardReply } from '../chat/reply';
import type { OperationView } from '../platform/operations/operation';
import type { DeployParams } from '../workflows/deploy/deploy-params';
import { buildProgressCard } from './operation-progress-card';
import { approvedSuffix } from './plan-approval';
import { unrecordedText } from './unrecorded-text';
import { translator, type Lang, type MessageKey, type Translate } from '../chat/i18n';
import { localError, localNotes } from './step-notes';

const FIXED_STEPS = new Set(['secret', 'endpoint', 'wait', 'record']);

/** A step's title in the reader's language (the steps stored the English ones), by step id. */
function stepTitle(id: string, stored: string, p: DeployParams, t: Translate): string {
  if (id === 'suite' && p.requiredSuite) return t('deploy.steps.suite', { suite: p.requiredSuite });
  return FIXED_STEPS.has(id) ? t(`deploy.steps.${id}` as 'deploy.steps.secret') : stored;
}

/** A verdict the canary evaluation applied says so; others are a deploy or a rollback. */
function progressTitle(p: DeployParams): MessageKey {
  const c = p.canary;
  if (c?.evaluation !== undefined && c.action !== 'start') {
    return c.action === 'promote'
      ? 'canaryGuard.autoPromoteTitle'
      : 'canaryGuard.autoRollbackTitle';
  }
  return p.rollbackOf ? 'deploy.progressRollback' : 'deploy.progressDeploy';
}

/**
 * The deploy / rollback progress card, and the mention when the endpoint is READY or failed.
 * `lang` is the target conversation's language, which the operation runner asks for when it
 * renders (English when it does not pass one).
 */
export const deployView = {
  render(op, now, lang: Lang = 'en') {
    const t = translator(lang);
    const p = op.params;
    const what = t(progressTitle(p), { name: p.model.endpoint, endpoint: p.model.endpoint });
    const model = `${p.model.modelName}${p.model.modelVersion ? ` ${p.model.modelVersion}` : ''}`;
    const link = op.outputs.mlflowLink;
    const why = op.outputs.recordError;
    return cardReply(
      buildProgressCard({
        title: what,
        subtitle: `${model} · ${escapeMarkdown(op.requesterName ?? op.requesterId)}${approvedSuffix(op.outputs, lang)}`,
        state: op.state,
        // The steps stored their English titles; the reader's language replaces them by id.
        steps: localNotes(op.steps, lang).map((s) => ({
          ...s,
          title: stepTitle(s.id, s.title, p, t),
        })),
        now,
        outputs: [],
        error: localError(op, lang),
        footer: why ? `⚠ ${unrecordedText({ endpoint: p.model.endpoint, why, lang })}` : undefined,
        actions: link ? [{ type: 'Action.OpenUrl', title: t('deploy.openRun'), url: link }] : [],
        lang,
      }),
      t('deploy.progressLine', { what, state: op.state }),
    );
  },
  finished(op, lang: Lang = 'en') {
    const t = translator(lang);
    const p = op.params;
    const name = op.requesterName ?? t('deploy.requester');
    const ok = op.state === 'succeeded';
    const key = p.rollbackOf
      ? ok
        ? 'deploy.readyRollback'
        : 'deploy.failedRollback'
      : ok
        ? 'deploy.readyDeploy'
        : 'deploy.failedDeploy';
    return {
      kind: 'text',
      text: t(key, {
        name,
        endpoint: p.model.endpoint,
        unrecorded: op.outputs.recordError ? t('deploy.unrecordedShort') : '',
      }),
      mentions: [{ id: op.requesterId, name }],
    };
  },
} satisfies OperationView<DeployParams>;
