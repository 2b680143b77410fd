import {
  TeamsActivityHandler,
  type AdaptiveCardInvokeResponse,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import { channelOf } from '../chat/conversation-id';
import type { ActionData } from '../chat/adaptive-card';
import { buildWelcomeCard } from '../cards/welcome-card';
import { langOf, translator } from '../chat/i18n';
import type { ActionResult, CommandContext } from '../dialogs/command';
import type { DialogServices } from '../dialogs/dialog-services';
import type { Logger } from '../platform/logging/logger';
import type { Telemetry } from '../platform/telemetry/telemetry';
import type {
  ConversationRecord,
  ConversationRepository,
} from '../platform/store/conversation-repository';
import { cardActionOf } from './activity-shape';
import { COMPOSE_EXTENSION_INVOKES, composeExtensionInvoke } from './compose-extension';
import { connectorFailureFields, isConnectorFailure } from './connector-deadline';
import { captureFromActivity, toActivity } from './conversations';
import { submittedAction, type Router } from './router';
import { lazyChild } from './turn-log';
import { startTurnRecord, turnRecordOf } from './turn-record';

export interface TeamsBotDeps {
  router: Router;
  conversations: ConversationRepository;
  log: Logger;
  botName: string;
  /** Each turn a span (outbound calls its children) and a count by command and outcome. */
  telemetry: Telemetry;
  /** What the message extension (link unfurling, run search) reads. */
  services: DialogServices;
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
    await this.deps.telemetry.turn(startTurnRecord(turn), () => this.runTurn(turn));
  }

  private async runTurn(turn: TurnContext): Promise<void> {
    // An anonymous unfurl comes from a chat the app is not installed in: no record, since
    // nothing may ever be sent there.
    const anonymous = turn.activity.name === 'composeExtension/anonymousQueryLink';
    const capture = anonymous ? undefined : captureFromActivity(turn.activity);
    if (capture) {
      // A channel message arrives in a thread (`…;messageid=`); keep a record of the channel
      // itself too, so subscriptions and alerts can start new posts there.
      const channel = channelOf(capture.conversationId);
      const { conversations } = this.deps;
      turn.turnState.set(
        RECORD,
        channel === capture.conversationId
          ? await conversations.capture(capture)
          : await conversations.captureWithChannel(capture, channel),
      );
    }
    await super.run(turn);
  }

  /**
   * The bot handles card buttons (`adaptiveCard/action`) and its message extension (link
   * unfurling and search, `composeExtension/…`). botbuilder answers
   * every other name, and a card action it cannot read, with 501 or a thrown TypeError (500):
   * a server error for the sender's mistake. Unsupported names get 400 with a reason instead.
   */
  protected override async onInvokeActivity(turn: TurnContext): Promise<InvokeResponse> {
    const { name } = turn.activity;
    if (name === 'adaptiveCard/action') return { status: 200, body: await this.cardAction(turn) };
    if ((COMPOSE_EXTENSION_INVOKES as readonly (string | undefined)[]).includes(name)) {
      return composeExtensionInvoke(turn, this.deps.services, this.deps.log);
    }
    this.deps.log.warn({ name, activityId: turn.activity.id }, 'unsupported invoke');
    const message = `This bot does not handle ${name ? `"${name}" invokes` : 'invokes without a name'}.`;
    return { status: 400, body: { error: { code: 'NotSupported', message } } };
  }

  /**
   * Runs a card button. Universal Actions expects HTTP 200 for every answer, errors included:
   * the error is the body's own statusCode, which Teams shows to the user.
   */
  private async cardAction(turn: TurnContext): Promise<AdaptiveCardInvokeResponse> {
    const read = cardActionOf(turn.activity.value);
    if (!read.ok) return this.refuse(turn, read.reason);
    const data: ActionData = { ...read.data, verb: read.verb };
    const ctx = this.commandContext(turn);
    if (!this.deps.router.knowsAction(data)) return this.refuse(turn, ctx.t('errors.buttonGone'));
    let result: ActionResult;
    try {
      result = await this.deps.router.onAction(ctx, data);
    } catch (err) {
      turnRecordOf(turn).outcome = 'error';
      result = { reply: this.deps.router.errorReply(err, ctx.log, ctx.lang) };
    }
    try {
      if (result.reply) await this.deps.router.send(turn, result.reply);
    } catch (err) {
      if (!isConnectorFailure(err, turn.activity.serviceUrl)) throw err;
      ctx.log.warn(connectorFailureFields(err), 'reply not delivered to the serviceUrl');
      return this.refuse(turn, 'The reply could not be delivered.');
    }
    if (result.card) return { statusCode: 200, type: CARD, value: result.card };
    return {
      statusCode: 200,
      type: MESSAGE,
      // botbuilder types value as an object; Teams expects the message text as a string here.
      value: 'Sent' as unknown as Record<string, unknown>,
    };
  }

  private refuse(turn: TurnContext, message: string): AdaptiveCardInvokeResponse {
    this.deps.log.warn({ activityId: turn.activity.id, reason: message }, 'card action refused');
    return {
      statusCode: 400,
      type: 'application/vnd.microsoft.error',
      value: { code: 'BadRequest', message },
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
      turnRecordOf(turn).outcome = 'error';
      result = { reply: this.deps.router.errorReply(err, ctx.log, ctx.lang) };
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
    if (!(await this.deps.conversations.claimWelcome(record.conversationId))) return;
    const lang = record.languageOverride ?? langOf(turn.activity.locale ?? record.locale);
    const card = buildWelcomeCard({
      botName: this.deps.botName,
      conversationType: record.conversationType,
      examples: ['help', 'status', 'whoami'],
      lang,
    });
    const summary = translator(lang)('welcome.title', { botName: this.deps.botName });
    await this.deps.router.send(turn, { kind: 'card', card, summary });
  }

  /** The record run() captured for this turn; an activity without a conversation has none. */
  private record(turn: TurnContext): ConversationRecord {
    const record = turn.turnState.get<ConversationRecord | undefined>(RECORD);
    if (!record) throw new Error('activity has no conversation');
    return record;
  }

  private commandContext(turn: TurnContext): CommandContext {
    const log = lazyChild(this.deps.log, {
      activityId: turn.activity.id,
      conversationId: turn.activity.conversation?.id,
    });
    return this.deps.router.context(turn, this.record(turn), log);
  }
}
