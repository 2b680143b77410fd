import { describe, expect, it } from 'vitest';
import { commands } from '../../../src/bot/commands';
import { helpReply } from '../../../src/dialogs/help';
import type { Reply } from '../../../src/chat/reply';
import { CARD_BYTE_LIMIT, checkCard } from '../../support/card-validator';

function cardOf(reply: Reply): Record<string, unknown> {
  if (reply.kind !== 'card') throw new Error(`expected a card reply, got ${reply.kind}`);
  return reply.card;
}

describe('helpReply', () => {
  it('lists every registered command in a valid card with a summary naming them', () => {
    const reply = helpReply('LLMOps Bot', commands);
    const json = JSON.stringify(cardOf(reply));
    for (const c of commands) expect(json).toContain(`**${c.id}**`);
    expect(reply.kind === 'card' && reply.summary).toBe(
      `LLMOps Bot commands: ${commands.map((c) => c.id).join(', ')}`,
    );
    const check = checkCard(cardOf(reply));
    expect(check.events).toEqual([]);
    expect(check.bytes).toBeLessThanOrEqual(CARD_BYTE_LIMIT);
  });

  it('gives the same answer on every call, and the same as for an equal registry copy', () => {
    const first = helpReply('LLMOps Bot', commands);
    const again = helpReply('LLMOps Bot', commands);
    expect(again).toEqual(first);
    expect(helpReply('LLMOps Bot', [...commands])).toEqual(first);
  });

  it('keeps bot names and subsets apart', () => {
    const other = JSON.stringify(cardOf(helpReply('Other Bot', commands)));
    expect(other).toContain('Other Bot commands');
    expect(other).not.toContain('LLMOps Bot');
    const only = commands.slice(0, 1);
    const subset = JSON.stringify(cardOf(helpReply('LLMOps Bot', only)));
    expect(subset).toContain(only[0]?.usage);
    expect(subset).toContain('Help: ');
    expect(subset).not.toContain(commands[1]?.description);
  });

  it('shows the hint only when one is given', () => {
    const hinted = JSON.stringify(cardOf(helpReply('LLMOps Bot', commands, 'I don\'t know "x".')));
    expect(hinted).toContain('I don\'t know \\"x\\".');
    const plain = JSON.stringify(cardOf(helpReply('LLMOps Bot', commands)));
    expect(plain).not.toContain("I don't know");
    const otherHint = JSON.stringify(cardOf(helpReply('LLMOps Bot', commands, 'Try again.')));
    expect(otherHint).toContain('Try again.');
    expect(otherHint).not.toContain("I don't know");
  });
});
