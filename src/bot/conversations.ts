import {
  CardFactory,
  MessageFactory,
  type Activity,
  type CloudAdapter,
  type ConversationReference,
  type TurnContext,
} from 'botbuilder';
import { channelOf, threadRootOf } from '../chat/conversation-id';
import { TEAMS_RETRY_STATUSES } from '../platform/outbox/proactive-sender';
import type { Reply } from '../chat/reply';
import { ServiceError } from '../services/errors';
import { parseRetryAfter } from '../services/http/http-client';
import type { ProactiveSender } from '../platform/outbox/proactive-sender';
import type { Logger } from '../platform/logging/logger';
import type {
  ConversationCapture,
  ConversationRecord,
  ConversationRepository,
  ConversationType,
} from '../platform/store/conversation-repository';

interface TeamsChannelData {
  tenant?: { id?: string };
  team?: { id?: string };
  channel?: { id?: string };
}

/** Reads our neutral conversation record out of an inbound activity. */
export function captureFromActivity(activity: Partial<Activity>): ConversationCapture | undefined {
  const conversation = activity.conversation;
  if (!conversation?.id || !activity.serviceUrl || !activity.recipient?.id) return undefined;
  const data = (activity.channelData ?? {}) as TeamsChannelData;
  const rawType = conversation.conversationType;
  const conversationType: ConversationType =
    rawType === 'channel' || rawType === 'groupChat'
      ? rawType
      : conversation.isGroup
        ? 'groupChat'
        : 'personal';
  return {
    conversationId: conversation.id,
    serviceUrl: activity.serviceUrl,
    channelId: activity.channelId ?? 'msteams',
    tenantId: conversation.tenantId ?? data.tenant?.id,
    teamId: data.team?.id,
    teamsChannelId: data.channel?.id,
    conversationType,
    botId: activity.recipient.id,
    botName: activity.recipient.name,
    locale: activity.locale,
  };
}

/** Rebuilds a botbuilder reference from our record; the only place that mapping lives. */
export function toReference(
  c: ConversationRecord,
  conversationId = c.conversationId,
): Partial<ConversationReference> {
  return {
    channelId: c.channelId,
    serviceUrl: c.serviceUrl,
    bot: { id: c.botId, name: c.botName ?? '' },
    conversation: {
      id: conversationId,
      isGroup: c.conversationType !== 'personal',
      conversationType: c.conversationType,
      tenantId: c.tenantId ?? '',
      name: '',
    },
    ...(c.locale ? { locale: c.locale } : {}),
  };
}

/** Turns a dialog reply into an outgoing activity. */
export function toActivity(reply: Reply): Partial<Activity> | undefined {
  switch (reply.kind) {
    case 'none':
      return undefined;
    case 'text': {
      const activity = MessageFactory.text(reply.text);
      if (reply.mentions && reply.mentions.length > 0) {
        activity.entities = reply.mentions.map((m) => ({
          type: 'mention',
          text: `<at>${m.name}</at>`,
          mentioned: { id: m.id, name: m.name },
        }));
      }
      return activity;
    }
    case 'card': {
      const activity = MessageFactory.attachment(CardFactory.adaptiveCard(reply.card));
      activity.summary = reply.summary;
      return activity;
    }
  }
}

function statusOf(err: unknown): number | undefined {
  const s = (err as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof s === 'number' ? s : undefined;
}

/**
 * Proactive sends through stored conversation records: new message, update in place, new
 * channel post. A 403/404 means the bot is gone from that conversation: the record is marked
 * inactive and a typed error is raised so callers can stop retrying.
 */
export class ProactiveMessenger implements ProactiveSender {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly conversations: ConversationRepository,
    private readonly log: Logger,
  ) {}

  async send(conversationId: string, reply: Reply): Promise<string | undefined> {
    const activity = toActivity(reply);
    if (!activity) return undefined;
    let id: string | undefined;
    await this.withConversation(conversationId, async (ctx) => {
      id = (await ctx.sendActivity(activity))?.id;
    });
    return id;
  }

  async update(conversationId: string, activityId: string, reply: Reply): Promise<void> {
    const activity = toActivity(reply);
    if (!activity) return;
    activity.id = activityId;
    await this.withConversation(conversationId, async (ctx) => {
      await ctx.updateActivity(activity);
    });
  }

  /** Starts a new top-level post in a channel; returns the thread's conversation id. */
  async postToChannel(
    channelConversationId: string,
    reply: Reply,
  ): Promise<{ conversationId: string; activityId: string | undefined }> {
    const record = await this.require(channelConversationId);
    const activity = toActivity(reply);
    if (!activity || !record.teamsChannelId) {
      throw new ServiceError('Teams', 'bad-request', 'This conversation is not a team channel.');
    }
    let result: { conversationId: string; activityId: string | undefined } | undefined;
    try {
      await this.adapter.createConversationAsync(
        this.appId,
        record.channelId,
        record.serviceUrl,
        '',
        {
          isGroup: true,
          channelData: { channel: { id: record.teamsChannelId } },
          activity: activity as Activity,
          bot: { id: record.botId, name: record.botName ?? '' },
          members: [],
          topicName: '',
          tenantId: record.tenantId ?? '',
        },
        (ctx) => {
          const id = ctx.activity.conversation.id;
          result = { conversationId: id, activityId: threadRootOf(id) };
          return Promise.resolve();
        },
      );
    } catch (err) {
      throw await this.failure(channelConversationId, err);
    }
    if (!result)
      throw new ServiceError('Teams', 'invalid-response', 'Teams did not return the new post.');
    return result;
  }

  private async require(conversationId: string): Promise<ConversationRecord> {
    const record =
      (await this.conversations.get(conversationId)) ??
      (await this.conversations.get(channelOf(conversationId)));
    if (!record) {
      throw new ServiceError(
        'Teams',
        'not-found',
        `The bot has no record of conversation ${conversationId}.`,
      );
    }
    if (!record.active) {
      throw new ServiceError('Teams', 'forbidden', 'The bot was removed from this conversation.');
    }
    return record;
  }

  private async withConversation(
    conversationId: string,
    fn: (ctx: TurnContext) => Promise<void>,
  ): Promise<void> {
    const record = await this.require(conversationId);
    // Errors thrown inside the callback go to adapter.onTurnError, which would post an error
    // message into the very conversation that failed; keep them and rethrow here instead.
    let inner: unknown;
    try {
      await this.adapter.continueConversationAsync(
        this.appId,
        toReference(record, conversationId),
        async (ctx) => {
          try {
            await fn(ctx);
          } catch (err) {
            inner = err ?? new Error('send failed');
          }
        },
      );
    } catch (err) {
      throw await this.failure(record.conversationId, err);
    }
    if (inner !== undefined) throw await this.failure(record.conversationId, inner);
  }

  private async failure(conversationId: string, err: unknown): Promise<Error> {
    const status = statusOf(err);
    if (status === 403 || status === 404) {
      await this.conversations.markInactive(conversationId, `HTTP ${status} on send`);
      this.log.warn({ conversationId, status }, 'conversation unreachable; marked inactive');
      return new ServiceError(
        'Teams',
        status === 403 ? 'forbidden' : 'not-found',
        'The bot can no longer post in this conversation.',
        { status, cause: err },
      );
    }
    if (status !== undefined && TEAMS_RETRY_STATUSES.has(status)) {
      const header = (
        err as { response?: { headers?: { get?: (n: string) => string | undefined } } }
      ).response?.headers?.get?.('retry-after');
      const retryAfterMs = parseRetryAfter(header ?? null);
      return new ServiceError(
        'Teams',
        status === 429 ? 'rate-limited' : 'server-error',
        status === 429 ? 'Teams is throttling the bot.' : `Teams answered ${status}.`,
        { status, cause: err, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) },
      );
    }
    if (status !== undefined && status >= 500)
      return new ServiceError('Teams', 'server-error', 'Teams had an error.', {
        status,
        cause: err,
      });
    return err instanceof Error ? err : new Error(String(err));
  }
}
