import { describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../../../src/chat/escape-markdown';

describe('escapeMarkdown', () => {
  it('escapes links, emphasis, code, strike and TextBlock date functions', () => {
    expect(escapeMarkdown('[a](https://x) **b** `c` ~~d~~')).toBe(
      '\\[a\\](https://x) \\*\\*b\\*\\* \\`c\\` \\~\\~d\\~\\~',
    );
    expect(escapeMarkdown('{{DATE(2020-01-01T00:00:00Z)}}')).not.toContain('{{');
    expect(escapeMarkdown('a\\*')).toBe('a\\\\\\*');
  });

  it('turns tags and entities into literal text', () => {
    expect(escapeMarkdown('<at>Ona</at> &amp;')).toBe('&lt;at&gt;Ona&lt;/at&gt; &amp;amp;');
  });

  it('escapes block markers only at the start of a line and `_` only at word edges', () => {
    expect(escapeMarkdown('# h\n- item\n+ x\n10. y\n2) z')).toBe(
      '\\# h\n\\- item\n\\+ x\n10\\. y\n2\\) z',
    );
    expect(escapeMarkdown('gpt-4o-mini v1.2 val_loss')).toBe('gpt-4o-mini v1.2 val_loss');
    expect(escapeMarkdown('_em_ __b__')).toBe('\\_em\\_ \\_\\_b\\_\\_');
  });
});
