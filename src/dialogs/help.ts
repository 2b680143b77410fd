import { buildHelpCard, type HelpEntry } from '../cards/help-card';
import { COMMAND_GROUPS, defineCommand, type AnyCommand } from './command';
import { cardReply, type Reply } from '../chat/reply';
import { commandArgs } from './command-args';
import { escapeMarkdown } from '../chat/escape-markdown';

/** The help entries, in registry order; also what the manifest command menu is checked against. */
export function helpEntries(commands: readonly AnyCommand[]): HelpEntry[] {
  return commands.map((c) => ({
    id: c.id,
    group: c.group,
    usage: c.usage,
    description: c.description,
    examples: c.examples,
    mutating: c.mutating,
    actsAtOnce: c.actsAtOnce === true,
    openDryRun: c.readOnly !== undefined,
  }));
}

/**
 * Plain help (no hint) per registry and bot name. `help` is the most common turn and its card
 * depends only on these two, so it is built once; replies are read-only once built.
 */
const plainHelp = new WeakMap<readonly AnyCommand[], Map<string, Reply>>();

/** Builds the help reply; `hint` explains why help is shown when the input was not understood. */
export function helpReply(botName: string, commands: readonly AnyCommand[], hint?: string): Reply {
  if (hint !== undefined) return buildHelpReply(botName, commands, hint);
  let byName = plainHelp.get(commands);
  if (!byName) {
    byName = new Map();
    plainHelp.set(commands, byName);
  }
  let reply = byName.get(botName);
  if (!reply) {
    reply = buildHelpReply(botName, commands, undefined);
    byName.set(botName, reply);
  }
  return reply;
}

function buildHelpReply(botName: string, commands: readonly AnyCommand[], hint?: string): Reply {
  const card = buildHelpCard({
    botName,
    entries: helpEntries(commands),
    groups: COMMAND_GROUPS,
    ...(hint !== undefined ? { hint } : {}),
    quickActions: ['status', 'whoami'],
  });
  return cardReply(card, `${botName} commands: ${commands.map((c) => c.id).join(', ')}`);
}

export const helpCommand = defineCommand({
  id: 'help',
  group: 'Bot',
  description: 'List every command; "help" with a command name shows its syntax and examples.',
  usage: 'help [command]',
  examples: ['help', 'help ask'],
  mutating: false,
  args: commandArgs(),
  handle(ctx, args) {
    const wanted = args.positional[0]?.toLowerCase();
    const only = wanted ? ctx.commands.filter((c) => c.id === wanted) : [];
    if (wanted && only.length === 0) {
      return Promise.resolve(
        helpReply(
          ctx.services.info.name,
          ctx.commands,
          `There is no command "${escapeMarkdown(wanted)}".`,
        ),
      );
    }
    return Promise.resolve(
      helpReply(ctx.services.info.name, only.length > 0 ? only : ctx.commands),
    );
  },
});
