import { card, facts, heading, text } from './card';
import { type AdaptiveCard } from '../chat/adaptive-card';
import { escapeMarkdown } from '../chat/escape-markdown';
import { translator, type Lang } from '../chat/i18n';

export interface WhoamiView {
  userName: string | undefined;
  aadObjectId: string | undefined;
  conversationType: 'personal' | 'groupChat' | 'channel';
  teamId: string | undefined;
  channelId: string | undefined;
  canMutate: boolean;
  /** The permission decision's own text (src/dialogs/permissions.ts, still English only). */
  why: string;
  /** The reader's language; English when not given. */
  lang?: Lang;
}

/** Who the bot thinks you are, where you are, and whether you may change things. */
export function buildWhoamiCard(view: WhoamiView): AdaptiveCard {
  const t = translator(view.lang ?? 'en');
  const rows: [string, string][] = [
    [
      t('whoami.user'),
      view.userName !== undefined ? escapeMarkdown(view.userName) : t('whoami.unknownUser'),
    ],
    [t('whoami.objectId'), view.aadObjectId ?? t('whoami.noObjectId')],
    [t('whoami.conversation'), t(`whoami.type.${view.conversationType}`)],
  ];
  if (view.teamId) rows.push([t('whoami.team'), view.teamId]);
  if (view.channelId) rows.push([t('whoami.channel'), view.channelId]);
  rows.push([t('whoami.mayRunChanges'), view.canMutate ? t('whoami.yes') : t('whoami.no')]);
  return card([
    heading(t('whoami.title')),
    facts(rows),
    text(view.why, { isSubtle: true, size: 'Small' }),
  ]);
}
