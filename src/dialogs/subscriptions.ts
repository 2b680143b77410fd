import { describeSubscription } from '../workflows/subscriptions/subscription-kinds';
import { defineCommand } from './command';
import { en } from '../chat/messages/catalogues';
import { textReply } from '../chat/reply';
import { commandArgs } from './command-args';
import { channelOfTurn, kindLabel, nextRunText } from './subscribe';
import { commandSyntax } from '../chat/command-syntax';

/** `subscriptions`: this channel's subscriptions of every kind, with their next run. */
export const subscriptionsCommand = defineCommand({
  id: 'subscriptions',
  group: 'Drift',
  description: en.commands.subscriptions,
  usage: 'subscriptions',
  examples: ['subscriptions'],
  mutating: false,
  menu: false,
  args: commandArgs(),
  requires: ['subscriptions'],
  async handle(ctx) {
    const subs = ctx.services.subscriptions;
    const list = await subs.repo.list({ conversationId: channelOfTurn(ctx) });
    if (list.length === 0) {
      return textReply(
        ctx.t('subscriptions.none', {
          drift: commandSyntax('subscribe drift'),
          runs: commandSyntax('subscribe runs <experiment>'),
        }),
      );
    }
    const now = ctx.now();
    const lines = list.map((s) => {
      const kind = subs.kinds.get(s.kind);
      const state = s.enabled
        ? ctx.t('subscriptions.next', { time: nextRunText(subs.nextRun(s, now), ctx.lang) })
        : ctx.t('subscriptions.paused');
      const label = kind ? kindLabel(kind, ctx.lang) : s.kind;
      return `- **${label}** · ${describeSubscription(kind, s, ctx.lang)} · ${state}`;
    });
    return textReply(`${ctx.t('subscriptions.listTitle')}\n\n${lines.join('\n')}`);
  },
});
