import { describeError } from '../services/describe-error';
import { channelOf } from '../chat/conversation-id';
import { ScheduleError } from '../platform/scheduler/cron-schedule';
import {
  describeSubscription,
  SubscriptionError,
} from '../workflows/subscriptions/subscription-kinds';
import { defineCommand, type CommandContext, type ContextWith } from './command';
import { commandArgs, flag, type ArgsOf } from './command-args';
import { textReply, type Reply } from '../chat/reply';

/** The channel a subscription posts into: the base id, without the thread's `;messageid=`. */
export const channelOfTurn = (ctx: CommandContext): string =>
  channelOf(ctx.conversation.conversationId);

/** Typed errors from a subscribe request become one sentence with the fix. */
export function subscriptionErrorReply(err: unknown): Reply | undefined {
  if (!(err instanceof SubscriptionError || err instanceof ScheduleError)) return undefined;
  return textReply(describeError(err) ?? err.message);
}

/** The options a kind reads itself (`--only failed` for runs); the flow reads the rest. */
export const kindOptions = (flags: { only?: string | undefined }): Record<string, string> =>
  flags.only !== undefined ? { only: flags.only } : {};

const SUBSCRIBE_ARGS = commandArgs({
  flags: {
    every: flag.text('--every "*/30 * * * *"'),
    tz: flag.text('--tz Europe/Berlin'),
    sustained: flag.int(1, 100),
    only: flag.text('--only failed'),
  },
  words: { max: 2, what: 'a kind and a target' },
});

/** The subscribe flow; async because a kind may check its target live (MLflow). */
async function subscribe(
  ctx: ContextWith<'subscriptions'>,
  args: ArgsOf<typeof SUBSCRIBE_ARGS>,
): Promise<Reply> {
  const subs = ctx.services.subscriptions;
  if (ctx.conversation.conversationType !== 'channel') {
    return textReply(
      'Subscriptions post alerts into a team channel: @mention me with `subscribe …` in the channel that should get them.',
    );
  }
  try {
    const kind = subs.kinds.require(args.positional[0]);
    const sustained = args.flags.sustained ?? 1;
    const every = args.flags.every ?? kind.defaultCron;
    const tz = args.flags.tz ?? 'UTC';
    const { target, params } = await kind.prepare(args.positional[1], kindOptions(args.flags));
    const { subscription, created } = await subs.subscribe({
      kind: kind.kind,
      conversationId: channelOfTurn(ctx),
      target,
      params,
      cron: every,
      timezone: tz,
      sustained,
      createdBy: ctx.actor.key,
    });
    const next = subs.nextRun(subscription, ctx.now());
    const what = `${kind.label} · ${describeSubscription(kind, subscription)}`;
    await ctx.audit({
      action: `subscribe ${kind.kind}`,
      result: 'ok',
      detail: `${subscription.id} ${what} "${every}" ${tz} sustained ${sustained}`,
    });
    const nextText = next
      ? `${new Date(next).toISOString().replace('T', ' ').slice(0, 16)} UTC`
      : 'not within a year';
    return textReply(
      `${created ? 'Subscribed' : 'Updated'} in this channel: ${what}. Next check ${nextText}. Stop with \`unsubscribe ${kind.kind}${target ? ` ${target}` : ''}\`.`,
    );
  } catch (err) {
    const reply = subscriptionErrorReply(err);
    if (!reply) throw err;
    await ctx.audit({ action: 'subscribe', result: 'failed', detail: describeError(err) });
    return reply;
  }
}

/**
 * `subscribe drift [target] [--every "<cron>"] [--tz <zone>] [--sustained N]` or
 * `subscribe runs <experiment> [--only failed]` in a channel. The kind comes from the
 * registry, so a new kind needs no change to the flow (only to this help text).
 */
export const subscribeCommand = defineCommand({
  id: 'subscribe',
  group: 'Drift',
  description: 'Post drift alerts or MLflow run results into this channel.',
  usage:
    'subscribe drift [target] [--every "<cron>"] [--tz <zone>] [--sustained N] | subscribe runs <experiment> [--only failed]',
  examples: [
    'subscribe drift',
    'subscribe drift gpt-4o-mini --every "*/30 * * * *" --tz Europe/Berlin --sustained 2',
    'subscribe runs churn-model --only failed',
  ],
  mutating: true,
  actsAtOnce: true,
  args: SUBSCRIBE_ARGS,
  requires: ['subscriptions'],
  handle: subscribe,
});
