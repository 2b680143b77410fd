import { describeSubscription } from '../workflows/subscriptions/subscription-kinds';
import { defineCommand } from './command';
import { textReply } from '../chat/reply';
import { commandArgs } from './command-args';
import { channelOfTurn } from './subscribe';
import { commandSyntax } from '../chat/command-syntax';

const utc = (ms: number | undefined) =>
  ms === undefined
    ? 'not within a year'
    : `${new Date(ms).toISOString().replace('T', ' ').slice(0, 16)} UTC`;

/** `subscriptions`: this channel's subscriptions of every kind, with their next run. */
export const subscriptionsCommand = defineCommand({
  id: 'subscriptions',
  group: 'Drift',
  description: "List this channel's subscriptions and when each runs next.",
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
        `No subscriptions in this conversation. Start one in a channel with ${commandSyntax('subscribe drift')} or ${commandSyntax('subscribe runs <experiment>')}.`,
      );
    }
    const now = ctx.now();
    const lines = list.map((s) => {
      const kind = subs.kinds.get(s.kind);
      const state = s.enabled ? `next ${utc(subs.nextRun(s, now))}` : 'paused';
      return `- **${kind?.label ?? s.kind}** · ${describeSubscription(kind, s)} · ${state}`;
    });
    return textReply(`Subscriptions in this channel:\n\n${lines.join('\n')}`);
  },
});
