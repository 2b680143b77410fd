import type { ConversationCapture } from '../../src/platform/store/conversation-repository';

/** What the bot stores for a Teams channel it was added to, pointing at a fake connector. */
export const channelConversation = (id: string, serviceUrl: string): ConversationCapture => ({
  conversationId: id,
  serviceUrl,
  channelId: 'msteams',
  tenantId: 't1',
  teamId: '19:team@thread.tacv2',
  teamsChannelId: id,
  conversationType: 'channel',
  botId: '28:bot',
  botName: 'LLMOps Bot',
  locale: 'en-US',
});
