import {
  buildSuggestionCard,
  suggestionLine,
  type SuggestedCommand,
} from '../cards/suggestion-card';
import { cardReply, type Reply } from '../chat/reply';
import type { AnyCommand } from './command';
import { normalizeText } from './parse-command';
import { suggestCommands, type CommandSynonyms } from './suggest-command';

/** True when the command's syntax (its first form) needs a word, e.g. `run <run id>`. */
const needsWord = (usage: string): boolean => (usage.split(' | ')[0] ?? '').includes('<');

function offer(command: AnyCommand): SuggestedCommand {
  const button = needsWord(command.usage)
    ? { title: `help ${command.id}`, command: 'help', args: command.id }
    : { title: command.id, command: command.id };
  return { id: command.id, usage: command.usage, button };
}

/**
 * The answer to a message whose first word is no command: the commands it names or nearly
 * spells, each with its syntax and a button. The button runs through the router like a typed
 * command, so a mutating one still checks permission and shows its plan first.
 */
export function unknownInputReply(
  raw: string,
  commands: readonly AnyCommand[],
  synonyms: CommandSynonyms,
): Reply {
  const text = normalizeText(raw);
  const found = suggestCommands(
    text,
    commands.map((c) => c.id),
    synonyms,
  );
  const suggestions = found.ids
    .map((id) => commands.find((c) => c.id === id))
    .filter((c): c is AnyCommand => c !== undefined)
    .map(offer);
  const view = {
    ...(found.named ? {} : { unknownWord: found.word }),
    suggestions,
  };
  // The summary is a notification preview: plain text, no Markdown.
  const summary = `${suggestionLine(view).replace(/`/g, '')} Send help for all commands.`;
  return cardReply(buildSuggestionCard(view), summary);
}
