const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

const decode = (s: string) =>
  s.replace(/&(#\d+|[a-z]+);/g, (all, name: string) =>
    name.startsWith('#') ? String.fromCodePoint(Number(name.slice(1))) : (ENTITIES[name] ?? all),
  );

/**
 * What a reader sees of Markdown the bot sent, in a message or an Adaptive Card TextBlock, as the
 * Agents Playground (0.2.28) showed it when each form was tried in both surfaces:
 * - a raw `<word>` is taken for an HTML tag and not shown (cards);
 * - a code span shows its `<`, `>` and `&` as entities (`&lt;x&gt;`, messages);
 * - elsewhere entities and backslash escapes show the character, `**` only makes bold.
 * Rules that hold in either surface apply to both, so a text that passes reads right in each.
 */
export function shownText(markdown: string): string {
  return markdown
    .split(/(`[^`]*`)/)
    .map((part) =>
      part.startsWith('`') && part.endsWith('`') && part.length > 1
        ? part.slice(1, -1).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
        : decode(
            part
              .replace(/<\/?[A-Za-z][^<>]*>/g, '')
              .replace(/\*\*/g, '')
              .replace(/\\([!-/:-@[-`{-~])/g, '$1'),
          ),
    )
    .join('');
}
