import { defineCommand } from './command';
import { textReply } from '../chat/reply';
import { commandArgs, flag } from './command-args';
import { channelOfTurn, kindOptions, subscriptionErrorReply } from './subscribe';

/** `unsubscribe <kind> [target]`: stops a channel's subscription (and its schedule). */
export const unsubscribeCommand = defineCommand({
  id: 'unsubscribe',
  group: 'Drift',
  description: "Stop one of this channel's subscriptions.",
  usage: 'unsubscribe drift [target] | unsubscribe runs <experiment>',
  examples: ['unsubscribe drift', 'unsubscribe drift gpt-4o-mini', 'unsubscribe runs churn-model'],
  mutating: true,
  actsAtOnce: true,
  menu: false,
  args: commandArgs({
    flags: { only: flag.text('--only failed') },
    words: { max: 2, what: 'a kind and a target' },
  }),
  requires: ['subscriptions'],
  async handle(ctx, args) {
    const subs = ctx.services.subscriptions;
    try {
      const kind = subs.kinds.require(args.positional[0]);
      const { target } = await kind.prepare(args.positional[1], kindOptions(args.flags));
      const found = await subs.repo.find(kind.kind, channelOfTurn(ctx), target);
      if (!found) {
        return textReply(
          `This channel has no ${kind.label.toLowerCase()} subscription${target ? ` for ${target}` : ''}. See \`subscriptions\`.`,
        );
      }
      await subs.unsubscribe(found);
      await ctx.audit({ action: `unsubscribe ${kind.kind}`, result: 'ok', detail: found.id });
      return textReply(
        `Unsubscribed: ${kind.label}${target ? ` of ${target}` : ''} no longer runs in this channel.`,
      );
    } catch (err) {
      const reply = subscriptionErrorReply(err);
      if (!reply) throw err;
      return reply;
    }
  },
});
