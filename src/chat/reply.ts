import type { AdaptiveCard } from './adaptive-card';

/** A user to @mention; the reply text must contain `<at>{name}</at>`. */
export interface Mention {
  id: string;
  name: string;
}

/** An answer in chat, independent of any bot SDK; the bot layer turns it into an activity. */
export type Reply =
  | { kind: 'text'; text: string; mentions?: readonly Mention[] }
  | { kind: 'card'; card: AdaptiveCard; summary: string }
  | { kind: 'none' };

export const textReply = (text: string): Reply => ({ kind: 'text', text });
export const cardReply = (card: AdaptiveCard, summary: string): Reply => ({
  kind: 'card',
  card,
  summary,
});
