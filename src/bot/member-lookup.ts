import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { MemberProfile } from '../chat/actor';
import type { Logger } from '../platform/logging/logger';

const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * The sender's Teams profile, asked of the Bot Connector on first use and at most once a turn:
 * only `provision` needs it (the cluster's owner), so other turns make no extra call. A failed
 * lookup is logged and yields undefined; the caller falls back to configuration.
 */
export function memberLookup(
  turn: TurnContext,
  log: Logger,
): () => Promise<MemberProfile | undefined> {
  let asked: Promise<MemberProfile | undefined> | undefined;
  return () => {
    asked ??= (async () => {
      const id = turn.activity.from?.id;
      if (!id) return undefined;
      try {
        const m = await TeamsInfo.getMember(turn, id);
        return { userPrincipalName: text(m.userPrincipalName), email: text(m.email) };
      } catch (err) {
        log.warn({ err }, 'could not read the sender from the Teams roster');
        return undefined;
      }
    })();
    return asked;
  };
}
