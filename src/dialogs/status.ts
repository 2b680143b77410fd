import { buildStatusCard } from '../cards/status-card';
import { buildLabStatusCard } from '../cards/lab-status-card';
import { defineCommand, type CommandContext } from './command';
import { cardReply, textReply, type Reply } from '../chat/reply';
import { commandArgs } from './command-args';
import { hasRequirements, missingRequirements } from './requirements';

/** `status lab`: the lab's resources and states from a live ARM listing (slower than `status`). */
async function labStatus(ctx: CommandContext): Promise<Reply> {
  const { services } = ctx;
  if (!hasRequirements(services, ['azure'])) {
    return textReply(missingRequirements(services, ['azure']) ?? '');
  }
  const { azure, lab, info, operations } = services;
  const rg = lab.names.resourceGroup;
  const inventory = await azure.listInventory(rg);
  const lastOperation = (await operations.repo.latest(info.environmentName, 20)).find(
    (o) => o.kind === 'provision' || o.kind === 'cleanup',
  );
  const card = buildLabStatusCard({
    environment: info.environmentName,
    resourceGroup: rg,
    inventory,
    lastOperation,
  });
  return cardReply(card, `Lab ${info.environmentName}: ${inventory.items.length} resource(s)`);
}

export const statusCommand = defineCommand({
  id: 'status',
  group: 'Bot',
  description: 'Show what is configured and whether each connection answers.',
  usage: 'status [lab]',
  examples: ['status', 'status lab'],
  mutating: false,
  args: commandArgs({ words: { max: 1, what: 'one word (lab)' } }),
  async handle(ctx, args) {
    if (args.positional[0]?.toLowerCase() === 'lab') return labStatus(ctx);
    const { info, health, conversations, outbox } = ctx.services;
    const probes = await health.checkAll();
    const card = buildStatusCard({
      botName: info.name,
      version: info.version,
      environmentName: info.environmentName,
      authEnabled: info.authEnabled,
      configWarnings: info.configWarnings ?? [],
      probes,
      conversations: await conversations.counts(),
      delivery: await outbox.counts(),
    });
    const failing = probes.filter((p) => p.ok === false).map((p) => p.name);
    return cardReply(
      card,
      failing.length > 0
        ? `Status: failing ${failing.join(', ')}`
        : 'Status: all configured connections answer',
    );
  },
});
