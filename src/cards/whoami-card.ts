import { card, facts, heading, text } from './card';
import { type AdaptiveCard } from '../chat/adaptive-card';
import { escapeMarkdown } from '../chat/escape-markdown';

export interface WhoamiView {
  userName: string | undefined;
  aadObjectId: string | undefined;
  conversationType: 'personal' | 'groupChat' | 'channel';
  teamId: string | undefined;
  channelId: string | undefined;
  canMutate: boolean;
  why: string;
}

const TYPE_LABEL = { personal: 'Personal chat', groupChat: 'Group chat', channel: 'Team channel' };

/** Who the bot thinks you are, where you are, and whether you may change things. */
export function buildWhoamiCard(view: WhoamiView): AdaptiveCard {
  const rows: [string, string][] = [
    ['User', view.userName !== undefined ? escapeMarkdown(view.userName) : 'unknown'],
    ['Entra object id', view.aadObjectId ?? 'not provided by the client'],
    ['Conversation', TYPE_LABEL[view.conversationType]],
  ];
  if (view.teamId) rows.push(['Team', view.teamId]);
  if (view.channelId) rows.push(['Channel', view.channelId]);
  rows.push(['May run changes', view.canMutate ? 'Yes' : 'No']);
  return card([
    heading('Who am I'),
    facts(rows),
    text(view.why, { isSubtle: true, size: 'Small' }),
  ]);
}
