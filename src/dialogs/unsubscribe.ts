import { type Command } from './command';
import { textReply } from '../chat/reply';
import { channelOf, subscriptionErrorReply } from './subscribe';

/** `unsubscribe <kind> [target]`: stops a channel's subscription (and its schedule). */
export const unsubscribeCommand: Command = {
  id: 'unsubscribe',
  group: 'Drift',
  description: "Stop one of this channel's subscriptions.",
  usage: 'unsubscribe drift [target] | unsubscribe runs <experiment>',
  examples: ['unsubscribe drift', 'unsubscribe drift gpt-4o-mini', 'unsubscribe runs churn-model'],
  mutating: true,
  menu: false,
  async handle(ctx, args) {
    const subs = ctx.services.subscriptions;
    if (!subs) return textReply('Subscriptions are not available in this bot.');
    try {
      const kind = subs.kinds.require(args.positional[0]);
      const { target } = await kind.prepare(args.positional[1], args.flags);
      const found = subs.repo.find(kind.kind, channelOf(ctx), target);
      if (!found) {
        return textReply(
          `This channel has no ${kind.label.toLowerCase()} subscription${target ? ` for ${target}` : ''}. See \`subscriptions\`.`,
        );
      }
      subs.unsubscribe(found);
      ctx.services.audit.append({
        actorId: ctx.actor.aadObjectId ?? ctx.actor.id,
        actorName: ctx.actor.name,
        conversationId: channelOf(ctx),
        action: `unsubscribe ${kind.kind}`,
        plan: undefined,
        result: 'ok',
        detail: found.id,
        durationMs: undefined,
      });
      return textReply(
        `Unsubscribed: ${kind.label}${target ? ` of ${target}` : ''} no longer runs in this channel.`,
      );
    } catch (err) {
      const reply = subscriptionErrorReply(err);
      if (!reply) throw err;
      return reply;
    }
  },
};
