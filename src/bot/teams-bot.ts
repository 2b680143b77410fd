import {
  TeamsActivityHandler,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type TurnContext,
} from 'botbuilder';
import { channelOf } from '../chat/conversation-id';
import type { ActionData } from '../chat/adaptive-card';
import { buildWelcomeCard } from '../cards/welcome-card';
import type { ActionResult, CommandContext } from '../dialogs/command';
import type { Logger } from '../platform/logging/logger';
import type {
  ConversationRecord,
  ConversationRepository,
} from '../platform/store/conversation-repository';
import { captureFromActivity, toActivity } from './conversations';
import { submittedAction, type Router } from './router';

export interface TeamsBotDeps {
  router: Router;
  conversations: ConversationRepository;
  log: Logger;
  botName: string;
}

const CARD = 'application/vnd.microsoft.card.adaptive';
/** Where run() leaves the turn's conversation record for the handlers (turn state). */
const RECORD = Symbol('conversation record');
const MESSAGE = 'application/vnd.microsoft.activity.message';

/**
 * Teams events → router. Every inbound activity refreshes the conversation record first,
 * so proactive sends always use the latest serviceUrl; that write's result is the record
 * the turn's handlers see, so a turn reads and writes its conversation once.
 */
export class TeamsBot extends TeamsActivityHandler {
  constructor(private readonly deps: TeamsBotDeps) {
    super();
    this.onMessage(async (turn, next) => {
      await this.handleMessage(turn);
      await next();
    });
    this.onInstallationUpdateAdd(async (turn, next) => {
      await this.welcome(turn);
      await next();
    });
    this.onMembersAdded(async (turn, next) => {
      const botId = turn.activity.recipient.id;
      if ((turn.activity.membersAdded ?? []).some((m) => m.id === botId)) await this.welcome(turn);
      await next();
    });
  }

  override async run(turn: TurnContext): Promise<void> {
    const capture = captureFromActivity(turn.activity);
    if (capture) {
      // A channel message arrives in a thread (`…;messageid=`); keep a record of the channel
      // itself too, so subscriptions and alerts can start new posts there.
      const channel = channelOf(capture.conversationId);
      const { conversations } = this.deps;
      turn.turnState.set(
        RECORD,
        channel === capture.conversationId
          ? conversations.capture(capture)
          : conversations.captureWithChannel(capture, channel),
      );
    }
    await super.run(turn);
  }

  protected override async onAdaptiveCardInvoke(
    turn: TurnContext,
    value: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const data = { ...(value.action?.data ?? {}), verb: value.action?.verb } as ActionData;
    if (typeof data.verb !== 'string' || data.verb === '') {
      return {
        statusCode: 400,
        type: 'application/vnd.microsoft.error',
        value: { code: 'BadRequest', message: 'The button carries no verb.' },
      };
    }
    const ctx = this.commandContext(turn);
    let result: ActionResult;
    try {
      result = await this.deps.router.onAction(ctx, data);
    } catch (err) {
      result = { reply: this.deps.router.errorReply(err, ctx.log) };
    }
    if (result.reply) await this.deps.router.send(turn, result.reply);
    if (result.card)
      return {
        statusCode: 200,
        type: CARD,
        value: result.card,
      };
    return {
      statusCode: 200,
      type: MESSAGE,
      // botbuilder types value as an object; Teams expects the message text as a string here.
      value: 'Sent' as unknown as Record<string, unknown>,
    };
  }

  private async handleMessage(turn: TurnContext): Promise<void> {
    const ctx = this.commandContext(turn);
    const submitted = submittedAction(turn.activity);
    if (!submitted) {
      await this.deps.router.onMessage(turn, ctx);
      return;
    }
    // Action.Submit fallback (clients without Universal Actions): same handlers, and the
    // clicked card is replaced by updating the message it came from.
    let result: ActionResult;
    try {
      result = await this.deps.router.onAction(ctx, submitted);
    } catch (err) {
      result = { reply: this.deps.router.errorReply(err, ctx.log) };
    }
    if (result.card && turn.activity.replyToId) {
      const update = toActivity({ kind: 'card', card: result.card, summary: 'Updated' });
      if (update) {
        update.id = turn.activity.replyToId;
        await turn.updateActivity(update);
      }
    }
    if (result.reply) await this.deps.router.send(turn, result.reply);
  }

  private async welcome(turn: TurnContext): Promise<void> {
    const record = this.record(turn);
    if (!this.deps.conversations.claimWelcome(record.conversationId)) return;
    const card = buildWelcomeCard({
      botName: this.deps.botName,
      conversationType: record.conversationType,
      examples: ['help', 'status', 'whoami'],
    });
    await this.deps.router.send(turn, {
      kind: 'card',
      card,
      summary: `Welcome to ${this.deps.botName}`,
    });
  }

  /** The record run() captured for this turn; an activity without a conversation has none. */
  private record(turn: TurnContext): ConversationRecord {
    const record = turn.turnState.get<ConversationRecord | undefined>(RECORD);
    if (!record) throw new Error('activity has no conversation');
    return record;
  }

  private commandContext(turn: TurnContext): CommandContext {
    const log: Logger = this.deps.log.child({
      activityId: turn.activity.id,
      conversationId: turn.activity.conversation?.id,
    });
    return this.deps.router.context(turn, this.record(turn), log);
  }
}
