import { commandSyntax } from '../chat/command-syntax';
import { card, executeAction, text } from './card';
import type { AdaptiveCard } from '../chat/adaptive-card';
import { escapeMarkdown } from '../chat/escape-markdown';
import { translator, type Lang, type Translate } from '../chat/i18n';

/** One command offered for an unknown message. */
export interface SuggestedCommand {
  id: string;
  /** Its syntax, as help shows it. */
  usage: string;
  /**
   * What its button runs: the command itself, or `help <id>` when the command needs a word
   * (`run <run id>`) and a bare run could only answer with its syntax.
   */
  button: { title: string; command: string; args?: string };
}

export interface SuggestionView {
  /** The unknown first word, as typed; omitted when the message named a command. */
  unknownWord?: string;
  suggestions: readonly SuggestedCommand[];
  /** The reader's language; English when not given. */
  lang?: Lang;
}

/** `a`, `a` or `b`, `a`, `b` or `c`. */
function orList(ids: readonly string[], t: Translate): string {
  const code = ids.map((id) => `\`${id}\``);
  const last = code.pop();
  return code.length > 0
    ? t('suggestion.or', { list: code.join(', '), last: String(last) })
    : String(last);
}

/** Kept short: a long pasted sentence must not fill the reply. */
const shown = (word: string): string =>
  escapeMarkdown(word.length > 40 ? `${word.slice(0, 40)}…` : word);

/** The reply's first sentence, also the card's plain-text summary. */
export function suggestionLine(view: SuggestionView): string {
  const t = translator(view.lang ?? 'en');
  const unknown =
    view.unknownWord !== undefined
      ? t('suggestion.unknownWord', { word: shown(view.unknownWord) })
      : '';
  const ids = view.suggestions.map((s) => s.id);
  const guess = ids.length > 0 ? t('suggestion.didYouMean', { ids: orList(ids, t) }) : '';
  return [unknown, guess].filter((s) => s !== '').join(' ');
}

/**
 * The answer to a message that is no command: a line, the syntax of each likely command with a
 * button for it, and where the full list is. Never the help card itself, which fills a phone
 * screen for a typo.
 */
export function buildSuggestionCard(view: SuggestionView): AdaptiveCard {
  const t = translator(view.lang ?? 'en');
  const body = [
    text(suggestionLine(view), { weight: 'Bolder' }),
    ...view.suggestions.map((s) =>
      // Bold with entities, not a code span: a card drops a raw <placeholder> (command-syntax.ts).
      text(commandSyntax(s.usage), { spacing: 'Small', fontType: 'Monospace' }),
    ),
    text(t('suggestion.seeHelp'), { isSubtle: true, size: 'Small' }),
  ];
  const actions = view.suggestions.map((s) =>
    executeAction(s.button.title, {
      verb: 'run',
      command: s.button.command,
      ...(s.button.args !== undefined ? { args: s.button.args } : {}),
    }),
  );
  return card(
    body,
    actions.length > 0
      ? actions
      : [executeAction(t('suggestion.helpButton'), { verb: 'run', command: 'help' })],
  );
}
