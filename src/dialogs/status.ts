import { buildStatusCard } from '../cards/status-card';
import { cardReply, type Command } from './command';

export const statusCommand: Command = {
  id: 'status',
  group: 'Bot',
  description: 'Show what is configured and whether each connection answers.',
  usage: 'status',
  examples: ['status'],
  mutating: false,
  async handle(ctx) {
    const { info, health, conversations, outbox } = ctx.services;
    const probes = await health.checkAll();
    const card = buildStatusCard({
      botName: info.name,
      version: info.version,
      environmentName: info.environmentName,
      authEnabled: info.authEnabled,
      probes,
      conversations: conversations.counts(),
      delivery: outbox.counts(),
    });
    const failing = probes.filter((p) => p.ok === false).map((p) => p.name);
    return cardReply(
      card,
      failing.length > 0
        ? `Status: failing ${failing.join(', ')}`
        : 'Status: all configured connections answer',
    );
  },
};
