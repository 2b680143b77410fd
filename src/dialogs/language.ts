import { z } from 'zod';
import { defineCommand } from './command';
import { commandArgs } from './command-args';
import { textReply } from '../chat/reply';
import { commandSyntax } from '../chat/command-syntax';
import { escapeMarkdown } from '../chat/escape-markdown';
import { langOf, translator } from '../chat/i18n';
import { en } from '../chat/messages/catalogues';

const Choice = z.enum(['fr', 'en', 'auto']);

/**
 * `language fr|en|auto`: pins this conversation's language or lets it follow the Teams locale
 * of each message again. Not a change in the permission sense: it only affects how the bot
 * talks here, so any member may set it.
 */
export const languageCommand = defineCommand({
  id: 'language',
  group: 'Bot',
  description: en.commands.language,
  usage: 'language [fr|en|auto]',
  examples: ['language fr', 'language auto'],
  mutating: false,
  args: commandArgs({ words: { max: 1, what: 'language' } }),
  async handle(ctx, args) {
    const word = args.positional[0]?.toLowerCase();
    if (word === undefined) {
      const source = ctx.conversation.languageOverride ? 'sourceOverride' : 'sourceLocale';
      return textReply(
        ctx.t('language.current', {
          current: ctx.t(`language.name.${ctx.lang}`),
          source: ctx.t(`language.${source}`),
        }),
      );
    }
    const choice = Choice.safeParse(word);
    if (!choice.success) {
      const usage = commandSyntax('language [fr|en|auto]');
      return textReply(ctx.t('language.unknown', { word: escapeMarkdown(word), usage }));
    }
    const { conversationId } = ctx.conversation;
    if (choice.data === 'auto') {
      await ctx.services.conversations.setLanguage(conversationId, undefined);
      const t = translator(langOf(ctx.locale ?? ctx.conversation.locale));
      return textReply(
        t('language.setAuto', { current: t(`language.name.${langOf(ctx.locale)}`) }),
      );
    }
    await ctx.services.conversations.setLanguage(conversationId, choice.data);
    return textReply(translator(choice.data)('language.set'));
  },
});
