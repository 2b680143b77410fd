import { buildWhoamiCard } from '../cards/whoami-card';
import { defineCommand } from './command';
import { commandArgs } from './command-args';
import { cardReply } from '../chat/reply';
import { checkPermission } from './permissions';
import { en } from '../chat/messages/catalogues';

export const whoamiCommand = defineCommand({
  id: 'whoami',
  group: 'Bot',
  description: en.commands.whoami,
  usage: 'whoami',
  examples: ['whoami'],
  mutating: false,
  args: commandArgs(),
  async handle(ctx) {
    const decision = await checkPermission(ctx.actor, ctx.services.admins, ctx.services.groups);
    const c = ctx.conversation;
    const card = buildWhoamiCard({
      userName: ctx.actor.name,
      aadObjectId: ctx.actor.aadObjectId,
      conversationType: c.conversationType,
      teamId: c.teamId,
      channelId: c.teamsChannelId,
      canMutate: decision.allowed,
      why: decision.why,
      lang: ctx.lang,
    });
    const name = ctx.actor.name ?? ctx.t('whoami.unknownUser');
    return cardReply(
      card,
      ctx.t(decision.allowed ? 'whoami.summaryAllowed' : 'whoami.summaryDenied', { name }),
    );
  },
});
