/**
 * Text a user or a peer supplied (a typed word, a display name, an experiment or target name),
 * made safe to place inside one of the bot's own messages or Adaptive Card TextBlocks.
 *
 * Teams renders Markdown in both, and HTML plus `<at>` mention tags in messages, so an echoed
 * `[click](https://evil.example)` would otherwise become a live link in the bot's voice, `**x**`
 * would restyle it, and `{{DATE(…)}}` would run as a TextBlock function.
 * - Markdown punctuation gets a backslash (CommonMark escapes any ASCII punctuation, so the
 *   backslash disappears and the character shows literally).
 * - `&`, `<` and `>` become entities instead: a backslash would not stop an HTML parser from
 *   reading `<at>` as a tag, while an entity is a literal character for Markdown and HTML alike.
 * - Block markers (`#`, `-`, `+`, `1.`) only mean something at the start of a line, and `_`
 *   never opens emphasis inside a word, so only there are they escaped: ML names such as
 *   `gpt-4o-mini` or `val_loss` stay readable (and searchable) in the JSON.
 */
export function escapeMarkdown(value: string): string {
  return value
    .replace(/[\\`*{}[\]~|]/g, '\\$&')
    .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '\\_')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/^(\s*)([#+-])/gm, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/gm, '$1\\$2');
}
