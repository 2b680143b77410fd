import { randomUUID } from 'node:crypto';

/**
 * Builders for inbound Teams activities, shaped like what Teams (and the Agents Playground)
 * post to /api/messages: ids in the real formats, `channelData` only outside personal chat,
 * mentions as `<at>` text plus a mention entity, card actions as Action.Submit messages or
 * `adaptiveCard/action` invokes.
 */

/** A plain JSON activity as sent over the wire (no botbuilder types in test support). */
export type WireActivity = Record<string, unknown> & { type: string };

export interface TeamsUser {
  id: string;
  name: string;
  aadObjectId: string;
}

export interface TeamsWorld {
  serviceUrl: string;
  tenantId: string;
  bot: { id: string; name: string };
  user: TeamsUser;
  personalId: string;
  groupChatId: string;
  team: { id: string; name: string; aadGroupId: string };
  /** A channel that is not General (General's id equals the team id). */
  channel: { id: string; name: string };
}

export const DEFAULT_USER: TeamsUser = {
  id: '29:1a2b3c-user-ona',
  name: 'Ona Call',
  aadObjectId: '22222222-2222-2222-2222-222222222220',
};

/** A second admin, for approvals that need someone other than the author. */
export const REVIEWER: TeamsUser = {
  id: '29:1a2b3c-user-dev',
  name: 'Dev Ops',
  aadObjectId: '22222222-2222-2222-2222-222222222221',
};

/** A user who is no admin: what they may not do is refused. */
export const OUTSIDER: TeamsUser = {
  id: '29:1a2b3c-user-guest',
  name: 'Guest User',
  aadObjectId: '33333333-3333-3333-3333-333333333333',
};

/** The default cast: one tenant, one bot, one user, one personal chat, group chat and team. */
export function teamsWorld(serviceUrl: string, overrides: Partial<TeamsWorld> = {}): TeamsWorld {
  return {
    serviceUrl,
    tenantId: '11111111-1111-1111-1111-111111111111',
    bot: { id: '28:llmops-bot-app-id', name: 'LLMOps Bot' },
    user: DEFAULT_USER,
    personalId: 'a:1personal-chat-ona',
    groupChatId: '19:groupchat-ops@thread.v2',
    team: {
      id: '19:ops-team-general@thread.tacv2',
      name: 'Ops Team',
      aadGroupId: '33333333-3333-3333-3333-333333333333',
    },
    channel: { id: '19:alerts@thread.tacv2', name: 'alerts' },
    ...overrides,
  };
}

export interface MessageOptions {
  from?: TeamsUser;
  /** Activity id; Teams ids are numeric strings (epoch ms). */
  id?: string;
  replyToId?: string;
  value?: Record<string, unknown>;
  locale?: string;
}

let seq = 0;
/** Teams-like message ids: numeric and increasing. */
export const nextActivityId = (): string => `${1_700_000_000_000 + ++seq}`;

/** Binds builders to one world, so tests read `a.personal('help')`. */
export function teamsActivities(world: TeamsWorld) {
  const { bot, tenantId } = world;
  const mentionText = `<at>${bot.name}</at>`;
  const mention = {
    type: 'mention',
    text: mentionText,
    mentioned: { id: bot.id, name: bot.name },
  };
  const clientInfo = {
    type: 'clientInfo',
    locale: 'en-US',
    country: 'US',
    platform: 'Web',
    timezone: 'Europe/Berlin',
  };

  const base = (
    type: string,
    conversation: Record<string, unknown>,
    o: MessageOptions = {},
  ): WireActivity => {
    const from = o.from ?? world.user;
    return {
      type,
      id: o.id ?? nextActivityId(),
      timestamp: new Date().toISOString(),
      localTimestamp: new Date().toISOString(),
      serviceUrl: world.serviceUrl,
      channelId: 'msteams',
      from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
      conversation: { tenantId, ...conversation },
      recipient: { id: bot.id, name: bot.name },
      locale: o.locale ?? 'en-US',
      ...(o.replyToId !== undefined ? { replyToId: o.replyToId } : {}),
      ...(o.value !== undefined ? { value: o.value } : {}),
    };
  };

  const personalConversation = { conversationType: 'personal', id: world.personalId };
  const groupConversation = {
    conversationType: 'groupChat',
    isGroup: true,
    id: world.groupChatId,
    name: 'Ops Group',
  };
  const teamChannelData = (channelId: string) => ({
    team: { id: world.team.id, name: world.team.name, aadGroupId: world.team.aadGroupId },
    channel: { id: channelId, name: channelId === world.team.id ? 'General' : world.channel.name },
    teamsTeamId: world.team.id,
    teamsChannelId: channelId,
    tenant: { id: tenantId },
  });

  return {
    world,
    /** A 1:1 message. `text` is sent as typed (no mention in personal chat). */
    personal(text: string, o: MessageOptions = {}): WireActivity {
      return {
        ...base('message', personalConversation, o),
        text,
        textFormat: 'plain',
        entities: [clientInfo],
        channelData: { tenant: { id: tenantId } },
      };
    },
    /** A group chat message that @mentions the bot (others never reach it). */
    groupChat(text: string, o: MessageOptions = {}): WireActivity {
      return {
        ...base('message', groupConversation, o),
        text: `${mentionText} ${text}`,
        textFormat: 'plain',
        entities: [mention, clientInfo],
        channelData: { tenant: { id: tenantId } },
      };
    },
    /**
     * A new channel post that @mentions the bot. Teams puts the post in its own thread: the
     * conversation id is `<channel>;messageid=<this activity's id>`.
     */
    channel(text: string, o: MessageOptions & { channelId?: string } = {}): WireActivity {
      const id = o.id ?? nextActivityId();
      const channelId = o.channelId ?? world.channel.id;
      return {
        ...base(
          'message',
          {
            conversationType: 'channel',
            isGroup: true,
            id: `${channelId};messageid=${id}`,
          },
          { ...o, id },
        ),
        text: `${mentionText} ${text}`,
        textFormat: 'plain',
        entities: [mention, clientInfo],
        channelData: teamChannelData(channelId),
      };
    },
    /** The app was installed (personal, group chat, or into a team: pass 'channel'). */
    installationAdd(where: 'personal' | 'groupChat' | 'channel' = 'personal'): WireActivity {
      const conversation =
        where === 'personal'
          ? personalConversation
          : where === 'groupChat'
            ? groupConversation
            : { conversationType: 'channel', isGroup: true, id: world.team.id };
      return {
        ...base('installationUpdate', conversation),
        action: 'add',
        channelData:
          where === 'channel'
            ? {
                ...teamChannelData(world.team.id),
                settings: { selectedChannel: { id: world.team.id } },
              }
            : { tenant: { id: tenantId } },
      };
    },
    /** conversationUpdate: members were added; `withBot` includes the bot itself. */
    membersAdded(
      where: 'personal' | 'groupChat' | 'channel' = 'personal',
      withBot = true,
    ): WireActivity {
      const conversation =
        where === 'personal'
          ? personalConversation
          : where === 'groupChat'
            ? groupConversation
            : { conversationType: 'channel', isGroup: true, id: world.team.id };
      const members = [{ id: world.user.id, aadObjectId: world.user.aadObjectId }];
      if (withBot) members.push({ id: bot.id, aadObjectId: '' });
      return {
        ...base('conversationUpdate', conversation),
        membersAdded: members,
        channelData: {
          ...(where === 'channel' ? teamChannelData(world.team.id) : { tenant: { id: tenantId } }),
          eventType: 'teamMemberAdded',
        },
      };
    },
    /** Action.Execute click: an `adaptiveCard/action` invoke on the card message `replyToId`. */
    invokeAction(
      verb: string,
      data: Record<string, unknown> = {},
      o: MessageOptions & { where?: 'personal' | 'groupChat' } = {},
    ): WireActivity {
      const conversation = o.where === 'groupChat' ? groupConversation : personalConversation;
      return {
        ...base('invoke', conversation, { replyToId: o.replyToId ?? 'card-activity-1', ...o }),
        name: 'adaptiveCard/action',
        value: {
          action: { type: 'Action.Execute', id: randomUUID(), verb, data: { verb, ...data } },
          trigger: 'manual',
        },
        channelData: { tenant: { id: tenantId }, source: { name: 'message' } },
      };
    },
    /** A message extension invoke from the compose box (`composeExtension/queryLink`, `…/query`). */
    composeInvoke(
      name: string,
      value: Record<string, unknown>,
      o: { where?: 'personal' | 'groupChat' } = {},
    ): WireActivity {
      const conversation = o.where === 'groupChat' ? groupConversation : personalConversation;
      return {
        ...base('invoke', conversation),
        name,
        value,
        channelData: { tenant: { id: tenantId }, source: { name: 'compose' } },
      };
    },
    /** Action.Submit click (fallback): a message with `value`, no text, and the card's id. */
    submit(value: Record<string, unknown>, o: MessageOptions = {}): WireActivity {
      return {
        ...base('message', personalConversation, {
          replyToId: o.replyToId ?? 'card-activity-1',
          ...o,
          value,
        }),
        channelData: { tenant: { id: tenantId }, source: { name: 'message' } },
      };
    },
  };
}

export type TeamsActivities = ReturnType<typeof teamsActivities>;

/** The Adaptive Card content of a captured reply, or undefined when it has none. */
export function cardOf(
  body: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
  const attachments = body?.attachments as
    { contentType?: string; content?: Record<string, unknown> }[] | undefined;
  return attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')
    ?.content;
}

/** Every text in a card (TextBlocks and fact values), joined, for content assertions. */
export function cardText(card: Record<string, unknown> | undefined): string {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if ((k === 'text' || k === 'title' || k === 'value') && typeof v === 'string') out.push(v);
        else walk(v);
      }
    }
  };
  walk(card);
  return out.join('\n');
}
