import { card, executeAction, heading, text } from './card';
import { type AdaptiveCard } from '../chat/adaptive-card';
import { translator, type Lang } from '../chat/i18n';

export interface WelcomeView {
  botName: string;
  conversationType: 'personal' | 'groupChat' | 'channel';
  examples: readonly string[];
  /** The reader's language; English when not given. */
  lang?: Lang;
}

/** One short card on install: why the bot is here, what to type, and a button for the rest. */
export function buildWelcomeCard(view: WelcomeView): AdaptiveCard {
  const t = translator(view.lang ?? 'en');
  const where =
    view.conversationType === 'personal'
      ? t('welcome.wherePersonal')
      : t('welcome.whereShared', { botName: view.botName });
  const examples = view.examples.map((e) => `**${e}**`).join(', ');
  return card(
    [
      heading(t('welcome.title', { botName: view.botName })),
      text(t('welcome.pitch')),
      text(t('welcome.tryThese', { where, examples })),
    ],
    [executeAction(t('welcome.showAll'), { verb: 'run', command: 'help' })],
  );
}
