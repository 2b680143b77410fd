import type { Reply } from '../chat/reply';
import { translator, type Lang } from '../chat/i18n';
import type { TypedOperation } from '../platform/operations/operation';

/**
 * The message that @mentions the requester when an operation ends. `what` is already in `lang`
 * ("Provisioning" / "Le provisionnement"): the sentence around it is built here.
 */
export function finishedMention(
  op: TypedOperation<{ requesterTeamsId: string }>,
  what: string,
  lang: Lang = 'en',
): Reply {
  const t = translator(lang);
  const name = op.requesterName ?? t('operation.finished.requester');
  const outcome = t(`operation.finished.${op.state === 'succeeded' ? 'done' : 'failed'}`);
  return {
    kind: 'text',
    text: t('operation.finished.mention', { name, what, environment: op.environment, outcome }),
    mentions: [{ id: op.params.requesterTeamsId, name }],
  };
}
