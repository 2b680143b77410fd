import { buildAuditCard } from '../cards/audit-card';
import { defineCommand } from './command';
import { en } from '../chat/messages/catalogues';
import { commandArgs } from './command-args';
import { cardReply } from '../chat/reply';

export const auditCommand = defineCommand({
  id: 'audit',
  group: 'Bot',
  description: en.commands.audit,
  usage: 'audit [count]',
  examples: ['audit', 'audit 50'],
  mutating: false,
  args: commandArgs({ words: { max: 1, what: 'count' } }),
  async handle(ctx, args) {
    const requested = Number(args.positional[0] ?? 20);
    const limit = Number.isInteger(requested) && requested > 0 ? Math.min(requested, 50) : 20;
    const entries = await ctx.services.audit.latest(limit);
    return cardReply(
      buildAuditCard({ entries, lang: ctx.lang }),
      ctx.t('audit.preview', { count: entries.length }),
    );
  },
});
