import type { Reply } from '../chat/reply';
import type { TypedOperation } from '../platform/operations/operation';

/** The message that @mentions the requester when an operation ends. */
export function finishedMention(
  op: TypedOperation<{ requesterTeamsId: string }>,
  what: string,
): Reply {
  const name = op.requesterName ?? 'requester';
  const outcome = op.state === 'succeeded' ? 'is done' : 'failed — see the card for what to do';
  return {
    kind: 'text',
    text: `<at>${name}</at> ${what} of **${op.environment}** ${outcome}.`,
    mentions: [{ id: op.params.requesterTeamsId, name }],
  };
}
