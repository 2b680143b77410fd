/**
 * Author-written text that may hold `<placeholders>` (a command's syntax, an example, a hint),
 * made to show them in both of the bot's surfaces. Only `&`, `<` and `>` change: the text is
 * ours, so its Markdown is meant (unlike escapeMarkdown's user input).
 *
 * Why entities: an Adaptive Card TextBlock drops a raw `<suite>` as an unknown HTML tag, and a
 * code span in a message shows its entities literally (`&lt;suite&gt;` in the Agents
 * Playground), while `&lt;suite&gt;` outside a code span reads `<suite>` in cards and messages
 * alike (checked in Agents Playground 0.2.28 for raw, entity, code span and backslash forms).
 */
export function keepPlaceholders(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A command's syntax inside a sentence or a card: bold rather than a code span, which would
 * show placeholders as `&lt;x&gt;` (see keepPlaceholders).
 */
export function commandSyntax(syntax: string): string {
  return `**${keepPlaceholders(syntax)}**`;
}
