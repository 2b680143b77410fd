import { describe, expect, it } from 'vitest';
import { translator } from '../../../src/chat/i18n';

describe('the chat catalogue', () => {
  it('picks French singular and plural by count, English wording unchanged', () => {
    const fr = translator('fr');
    expect(fr('chat.dropped', { count: 1 })).toContain('1 message, le plus ancien, ne tenait');
    expect(fr('chat.dropped', { count: 3 })).toContain('3 messages, les plus anciens, ne tenaient');
    const en = translator('en');
    expect(en('chat.dropped', { count: 1 })).toBe(
      '\n\n_(1 oldest messages no longer fit and were dropped)_',
    );
    expect(en('chat.dropped', { count: 3 })).toContain('(3 oldest messages');
  });
});
