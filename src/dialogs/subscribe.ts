import { describeError } from '../services/describe-error';
import { DRIFT_ALERT_VERBS } from '../cards/drift-alert-card';
import { ScheduleError } from '../platform/scheduler/cron-schedule';
import {
  describeSubscription,
  SubscriptionError,
} from '../workflows/subscriptions/subscription-kinds';
import { type Command, type CommandContext } from './command';
import { textReply, type Reply } from '../chat/reply';
import type { ParsedArgs } from './parse-command';
import { actionResult, actorName, incidentOf } from './drift';

/** The channel a subscription posts into: the base id, without the thread's `;messageid=`. */
export const channelOf = (ctx: CommandContext): string =>
  ctx.conversation.conversationId.replace(/;messageid=.*$/, '');

function audit(ctx: CommandContext, action: string, result: 'ok' | 'failed', detail: string): void {
  ctx.services.audit.append({
    actorId: ctx.actor.aadObjectId ?? ctx.actor.id,
    actorName: ctx.actor.name,
    conversationId: channelOf(ctx),
    action,
    plan: undefined,
    result,
    detail,
    durationMs: undefined,
  });
}

/** Typed errors from a subscribe request become one sentence with the fix. */
export function subscriptionErrorReply(err: unknown): Reply | undefined {
  if (!(err instanceof SubscriptionError || err instanceof ScheduleError)) return undefined;
  return textReply(describeError(err) ?? err.message);
}

const NOT_CONFIGURED = textReply('Subscriptions are not available in this bot.');

/** The subscribe flow; async because a kind may check its target live (MLflow). */
async function subscribe(ctx: CommandContext, args: ParsedArgs): Promise<Reply> {
  const subs = ctx.services.subscriptions;
  if (!subs) return NOT_CONFIGURED;
  if (ctx.conversation.conversationType !== 'channel') {
    return textReply(
      'Subscriptions post alerts into a team channel: @mention me with `subscribe …` in the channel that should get them.',
    );
  }
  try {
    const kind = subs.kinds.require(args.positional[0]);
    const sustained = args.flags.sustained === undefined ? 1 : Number(args.flags.sustained);
    if (!Number.isInteger(sustained) || sustained < 1 || sustained > 100) {
      throw new SubscriptionError('bad-option', '--sustained needs a whole number from 1 to 100.');
    }
    const every = typeof args.flags.every === 'string' ? args.flags.every : kind.defaultCron;
    const tz = typeof args.flags.tz === 'string' ? args.flags.tz : 'UTC';
    const { target, params } = await kind.prepare(args.positional[1], args.flags);
    const { subscription, created } = subs.subscribe({
      kind: kind.kind,
      conversationId: channelOf(ctx),
      target,
      params,
      cron: every,
      timezone: tz,
      sustained,
      createdBy: ctx.actor.aadObjectId ?? ctx.actor.id,
    });
    const next = subs.nextRun(subscription, Date.now());
    const what = `${kind.label} · ${describeSubscription(kind, subscription)}`;
    audit(
      ctx,
      `subscribe ${kind.kind}`,
      'ok',
      `${subscription.id} ${what} "${every}" ${tz} sustained ${sustained}`,
    );
    const nextText = next
      ? `${new Date(next).toISOString().replace('T', ' ').slice(0, 16)} UTC`
      : 'not within a year';
    return textReply(
      `${created ? 'Subscribed' : 'Updated'} in this channel: ${what}. Next check ${nextText}. Stop with \`unsubscribe ${kind.kind}${target ? ` ${target}` : ''}\`.`,
    );
  } catch (err) {
    const reply = subscriptionErrorReply(err);
    if (!reply) throw err;
    audit(ctx, 'subscribe', 'failed', err instanceof Error ? err.message : String(err));
    return reply;
  }
}

/**
 * `subscribe drift [target] [--every "<cron>"] [--tz <zone>] [--sustained N]` or
 * `subscribe runs <experiment> [--only failed]` in a channel. The kind comes from the
 * registry, so a new kind needs no change to the flow (only to this help text).
 */
export const subscribeCommand: Command = {
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
  handle: subscribe,

  actions: {
    // Start retraining lives here because it changes things: the router checks the
    // permission of a mutating command and audits denials before this runs.
    async [DRIFT_ALERT_VERBS.retrain](ctx, data) {
      const drift = ctx.services.drift;
      if (!drift) return { reply: textReply('Drift monitoring is not set up in this bot.') };
      const started = Date.now();
      const result = await drift.actions.retrain(incidentOf(data), actorName(ctx));
      ctx.services.audit.append({
        actorId: ctx.actor.aadObjectId ?? ctx.actor.id,
        actorName: ctx.actor.name,
        conversationId: ctx.conversation.conversationId,
        action: 'drift retrain',
        plan: `incident ${incidentOf(data)}`,
        result: result.card ? 'ok' : 'failed',
        detail: result.reply?.kind === 'text' ? result.reply.text : undefined,
        durationMs: Date.now() - started,
      });
      return actionResult(result);
    },
  },
};
