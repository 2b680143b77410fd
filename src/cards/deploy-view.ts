import { escapeMarkdown } from '../chat/escape-markdown';
import { cardReply } from '../chat/reply';
import type { OperationView } from '../platform/operations/operation';
import type { DeployParams } from '../workflows/deploy/deploy-params';
import { buildProgressCard } from './operation-progress-card';
import { approvedSuffix } from './plan-approval';
import { unrecordedText } from './unrecorded-text';
import { translator, type Lang, type MessageKey, type Translate } from '../chat/i18n';
import { en } from '../chat/messages/catalogues';

const FIXED_STEPS = new Set(['secret', 'endpoint', 'wait', 'record']);

/** The fixed step notes as the steps store them (English), to the key that says them. */
const NOTE_KEYS = new Map<string, MessageKey>(
  Object.entries(en.deploy.notes).map(([key, note]) => [note, `deploy.notes.${key}` as MessageKey]),
);

/** A note in the reader's language when it is a fixed one; notes with names stay as written. */
function stepNote(note: string | undefined, t: Translate): string | undefined {
  const key = note === undefined ? undefined : NOTE_KEYS.get(note);
  return key ? t(key) : note;
}

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
        steps: op.steps.map((s) => {
          const note = stepNote(s.note, t);
          return { ...s, title: stepTitle(s.id, s.title, p, t), ...(note ? { note } : {}) };
        }),
        now,
        outputs: [],
        error: op.error,
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
