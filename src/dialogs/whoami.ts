import { buildWhoamiCard } from '../cards/whoami-card';
import { defineCommand } from './command';
import { commandArgs } from './command-args';
import { cardReply } from '../chat/reply';
import { checkPermission } from './permissions';

export const whoamiCommand = defineCommand({
  id: 'whoami',
  group: 'Bot',
  description: 'Show who you are to the bot, where you are, and whether you may run changes.',
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
    });
    return cardReply(
      card,
      `You are ${ctx.actor.name ?? 'unknown'}; changes ${decision.allowed ? 'allowed' : 'not allowed'}`,
    );
  },
});
