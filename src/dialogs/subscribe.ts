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
import { translator, type Lang, type MessageKey } from '../chat/i18n';
import { en } from '../chat/messages/catalogues';

/** The channel a subscription posts into: the base id, without the thread's `;messageid=`. */
export const channelOfTurn = (ctx: CommandContext): string =>
  channelOf(ctx.conversation.conversationId);

/** A kind's label in the reader's language ("Drift check"); a kind not in the catalogue keeps its own. */
export const kindLabel = (kind: { kind: string; label: string }, lang: Lang): string =>
  kind.kind in en.subscriptions.kind
    ? translator(lang)(`subscriptions.kind.${kind.kind}` as MessageKey)
    : kind.label;

/** When a subscription runs next, in UTC ("2026-12-06 19:00 UTC"), or that it will not soon. */
export const nextRunText = (ms: number | undefined, lang: Lang): string =>
  ms === undefined
    ? translator(lang)('subscriptions.notWithinYear')
    : `${new Date(ms).toISOString().replace('T', ' ').slice(0, 16)} UTC`;

/** Typed errors from a subscribe request become one sentence with the fix, in `lang` when known. */
export function subscriptionErrorReply(err: unknown, lang: Lang = 'en'): Reply | undefined {
  if (err instanceof SubscriptionError) return textReply(err.textIn(lang));
  if (!(err instanceof ScheduleError)) return undefined;
  return textReply(describeError(err, lang) ?? err.message);
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
  words: { max: 2, what: 'kindAndTarget' },
});

/** The subscribe flow; async because a kind may check its target live (MLflow). */
async function subscribe(
  ctx: ContextWith<'subscriptions'>,
  args: ArgsOf<typeof SUBSCRIBE_ARGS>,
): Promise<Reply> {
  const subs = ctx.services.subscriptions;
  if (ctx.conversation.conversationType !== 'channel') {
    return textReply(ctx.t('subscriptions.channelOnly'));
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
    const shown = `${kindLabel(kind, ctx.lang)} · ${describeSubscription(kind, subscription, ctx.lang)}`;
    await ctx.audit({
      action: `subscribe ${kind.kind}`,
      result: 'ok',
      detail: `${subscription.id} ${what} "${every}" ${tz} sustained ${sustained}`,
    });
    return textReply(
      ctx.t(created ? 'subscriptions.subscribed' : 'subscriptions.updated', {
        what: shown,
        next: nextRunText(next, ctx.lang),
        stop: `${kind.kind}${target ? ` ${target}` : ''}`,
      }),
    );
  } catch (err) {
    const reply = subscriptionErrorReply(err, ctx.lang);
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
  description: en.commands.subscribe,
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
