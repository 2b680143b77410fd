import { buildHelpCard, type HelpEntry } from '../cards/help-card';
import { cardReply, type Command, type Reply } from './command';

/** The help entries, in registry order; also what the manifest command menu is checked against. */
export function helpEntries(commands: readonly Command[]): HelpEntry[] {
  return commands.map((c) => ({
    id: c.id,
    usage: c.usage,
    description: c.description,
    example: c.examples[0],
    mutating: c.mutating,
  }));
}

/** Builds the help reply; `hint` explains why help is shown when the input was not understood. */
export function helpReply(botName: string, commands: readonly Command[], hint?: string): Reply {
  const card = buildHelpCard({
    botName,
    entries: helpEntries(commands),
    ...(hint !== undefined ? { hint } : {}),
    quickActions: ['status', 'whoami'],
  });
  return cardReply(card, `${botName} commands: ${commands.map((c) => c.id).join(', ')}`);
}

export const helpCommand: Command = {
  id: 'help',
  description: 'List every command with its syntax and an example.',
  usage: 'help [command]',
  examples: ['help', 'help provision'],
  mutating: false,
  handle(ctx, args) {
    const wanted = args.positional[0]?.toLowerCase();
    const only = wanted ? ctx.commands.filter((c) => c.id === wanted) : [];
    if (wanted && only.length === 0) {
      return Promise.resolve(
        helpReply(ctx.services.info.name, ctx.commands, `There is no command "${wanted}".`),
      );
    }
    return Promise.resolve(
      helpReply(ctx.services.info.name, only.length > 0 ? only : ctx.commands),
    );
  },
};
