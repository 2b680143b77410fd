import { defineCommand } from './command';
import { en } from '../chat/messages/catalogues';
import { textReply } from '../chat/reply';
import { commandArgs, flag } from './command-args';
import { channelOfTurn, kindLabel, kindOptions, subscriptionErrorReply } from './subscribe';

/** `unsubscribe <kind> [target]`: stops a channel's subscription (and its schedule). */
export const unsubscribeCommand = defineCommand({
  id: 'unsubscribe',
  group: 'Drift',
  description: en.commands.unsubscribe,
  usage: 'unsubscribe drift [target] | unsubscribe runs <experiment>',
  examples: ['unsubscribe drift', 'unsubscribe drift gpt-4o-mini', 'unsubscribe runs churn-model'],
  mutating: true,
  actsAtOnce: true,
  menu: false,
  args: commandArgs({
    flags: { only: flag.text('--only failed') },
    words: { max: 2, what: 'kindAndTarget' },
  }),
  requires: ['subscriptions'],
  async handle(ctx, args) {
    const subs = ctx.services.subscriptions;
    try {
      const kind = subs.kinds.require(args.positional[0]);
      const { target } = await kind.prepare(args.positional[1], kindOptions(args.flags));
      const found = await subs.repo.find(kind.kind, channelOfTurn(ctx), target);
      const label = kindLabel(kind, ctx.lang);
      if (!found) {
        const vars = { kind: label.toLowerCase(), target };
        return textReply(
          ctx.t(target ? 'subscriptions.noSubscriptionFor' : 'subscriptions.noSubscription', vars),
        );
      }
      await subs.unsubscribe(found);
      await ctx.audit({ action: `unsubscribe ${kind.kind}`, result: 'ok', detail: found.id });
      return textReply(
        ctx.t(target ? 'subscriptions.unsubscribedOf' : 'subscriptions.unsubscribed', {
          kind: label,
          target,
        }),
      );
    } catch (err) {
      const reply = subscriptionErrorReply(err, ctx.lang);
      if (!reply) throw err;
      return reply;
    }
  },
});
