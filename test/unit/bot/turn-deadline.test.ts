import { describe, expect, it } from 'vitest';
import { textReply } from '../../../src/chat/reply';
import { replyWithin } from '../../../src/bot/turn-deadline';

const never = () => new Promise<never>(() => undefined);

describe('replyWithin', () => {
  it("answers for a late handler in the reader's language and tells the caller", async () => {
    let late = 0;
    const en = await replyWithin(never(), 20, 'en', () => late++);
    const fr = await replyWithin(never(), 2_000, 'fr', () => late++);
    expect(en).toMatchObject({ kind: 'text' });
    expect(en.kind === 'text' && en.text).toContain('That took too long (more than 20 ms)');
    expect(fr.kind === 'text' && fr.text).toContain('Cela a pris trop de temps (plus de 2 s)');
    expect(late).toBe(2);
  });

  it('passes a handler’s reply through when it is in time', async () => {
    let late = 0;
    const reply = await replyWithin(Promise.resolve(textReply('done')), 1_000, 'fr', () => late++);
    expect(reply).toEqual(textReply('done'));
    expect(late).toBe(0);
  });
});
