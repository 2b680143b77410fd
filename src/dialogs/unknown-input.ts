import {
  buildSuggestionCard,
  suggestionLine,
  type SuggestedCommand,
} from '../cards/suggestion-card';
import { cardReply, type Reply } from '../chat/reply';
import { buildReadingCard } from '../cards/reading-card';
import type { AnyCommand, CommandContext } from './command';
import { commandLineOf, commandTools } from './command-tools';
import { normalizeText } from './parse-command';
import { suggestCommands, type CommandSynonyms } from './suggest-command';
import { translator, type Lang } from '../chat/i18n';

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
  lang: Lang = 'en',
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
    lang,
  };
  // The summary is a notification preview: plain text, no Markdown.
  const help = translator(lang)('suggestion.summaryHelp');
  const summary = `${suggestionLine(view).replace(/`/g, '')} ${help}`;
  return cardReply(buildSuggestionCard(view), summary);
}

/** Tells the model its only job: pick a command line, or none. */
const READ_AS_COMMAND =
  'You turn a chat message into one command of an MLOps bot. When the message asks for what a command does, call that command\'s function with its arguments in the command\'s syntax. When no command fits, answer "none" and call nothing. Never invent options.';

/**
 * A free sentence read by the model as one command line, when a model is configured: the
 * commands go to it as functions (src/dialogs/command-tools.ts). Undefined when there is no
 * model, it called no command, or the call failed; the caller then falls back to suggestions.
 */
async function readWithModel(ctx: CommandContext, text: string): Promise<Reply | undefined> {
  const llm = ctx.services.prompting?.llm;
  const target = llm?.defaultTarget ?? llm?.targets[0];
  if (!llm || !target) return undefined;
  const result = await llm.complete(
    target,
    [
      { role: 'system', content: READ_AS_COMMAND },
      { role: 'user', content: text },
    ],
    { temperature: 0, maxTokens: 200, tools: commandTools(ctx.commands) },
  );
  const call = result.status === 'ok' ? result.toolCalls?.[0] : undefined;
  const line = call ? commandLineOf(call, ctx.commands) : undefined;
  if (!line) {
    if (result.status !== 'ok')
      ctx.log.warn({ status: result.status }, 'reading as a command failed');
    return undefined;
  }
  return cardReply(buildReadingCard(line, ctx.lang), ctx.t('chat.reading.readAsPlain', { line }));
}

/**
 * Any message whose first word is no command. A sentence (two words or more) goes to the model
 * when one is configured; a single word, or what the model could not place, gets suggestions.
 */
export async function answerUnknownInput(
  ctx: CommandContext,
  raw: string,
  synonyms: CommandSynonyms,
): Promise<Reply> {
  const text = normalizeText(raw);
  const read = text.includes(' ') ? await readWithModel(ctx, text) : undefined;
  return read ?? unknownInputReply(text, ctx.commands, synonyms, ctx.lang);
}
