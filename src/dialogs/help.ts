import { buildHelpCard, type HelpEntry } from '../cards/help-card';
import { COMMAND_GROUPS, defineCommand, type AnyCommand } from './command';
import { cardReply, type Reply } from '../chat/reply';
import { commandArgs } from './command-args';
import { escapeMarkdown } from '../chat/escape-markdown';
import { translator, type Lang } from '../chat/i18n';
import { en } from '../chat/messages/catalogues';

/** A command's description in `lang`: the registry's own text in English or when uncatalogued. */
function describe(c: AnyCommand, lang: Lang): string {
  if (lang === 'en' || !Object.hasOwn(en.commands, c.id)) return c.description;
  return translator(lang)(`commands.${c.id as keyof typeof en.commands}`);
}

/** The help entries, in registry order; also what the manifest command menu is checked against. */
export function helpEntries(commands: readonly AnyCommand[], lang: Lang = 'en'): HelpEntry[] {
  return commands.map((c) => ({
    id: c.id,
    group: c.group,
    usage: c.usage,
    description: describe(c, lang),
    examples: c.examples,
    mutating: c.mutating,
    actsAtOnce: c.actsAtOnce === true,
    openDryRun: c.readOnly !== undefined,
    aliases: c.aliases ?? [],
  }));
}

/**
 * Plain help (no hint) per registry, bot name and language. `help` is the most common turn and
 * its card depends only on these, so it is built once; replies are read-only once built.
 */
const plainHelp = new WeakMap<readonly AnyCommand[], Map<string, Reply>>();

/** Builds the help reply; `hint` explains why help is shown when the input was not understood. */
export function helpReply(
  botName: string,
  commands: readonly AnyCommand[],
  hint?: string,
  lang: Lang = 'en',
): Reply {
  if (hint !== undefined) return buildHelpReply(botName, commands, hint, lang);
  let byName = plainHelp.get(commands);
  if (!byName) {
    byName = new Map();
    plainHelp.set(commands, byName);
  }
  const key = `${lang}:${botName}`;
  let reply = byName.get(key);
  if (!reply) {
    reply = buildHelpReply(botName, commands, undefined, lang);
    byName.set(key, reply);
  }
  return reply;
}

function buildHelpReply(
  botName: string,
  commands: readonly AnyCommand[],
  hint: string | undefined,
  lang: Lang,
): Reply {
  const card = buildHelpCard({
    botName,
    entries: helpEntries(commands, lang),
    groups: COMMAND_GROUPS,
    ...(hint !== undefined ? { hint } : {}),
    quickActions: ['status', 'whoami'],
    lang,
  });
  const ids = commands.map((c) => c.id).join(', ');
  return cardReply(card, translator(lang)('help.summary', { botName, ids }));
}

export const helpCommand = defineCommand({
  id: 'help',
  group: 'Bot',
  description: en.commands.help,
  usage: 'help [command]',
  examples: ['help', 'help ask'],
  mutating: false,
  args: commandArgs(),
  handle(ctx, args) {
    const wanted = args.positional[0]?.toLowerCase();
    const only = wanted
      ? ctx.commands.filter((c) => c.id === wanted || c.aliases?.includes(wanted))
      : [];
    const name = ctx.services.info.name;
    if (wanted && only.length === 0) {
      const hint = ctx.t('help.noSuchCommand', { command: escapeMarkdown(wanted) });
      return Promise.resolve(helpReply(name, ctx.commands, hint, ctx.lang));
    }
    return Promise.resolve(
      helpReply(name, only.length > 0 ? only : ctx.commands, undefined, ctx.lang),
    );
  },
});
