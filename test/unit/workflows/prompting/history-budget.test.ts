import { describe, expect, it } from 'vitest';
import { estimateTokens, fitHistory } from '../../../../src/workflows/prompting/history-budget';
import type { ChatMessage } from '../../../../src/services/llm/llm-service';

const turn = (q: string, a: string): ChatMessage[] => [
  { role: 'user', content: q },
  { role: 'assistant', content: a },
];

describe('fitHistory', () => {
  const history = [...turn('q1'.repeat(20), 'a1'.repeat(20)), ...turn('q2', 'a2')];

  it('keeps everything that fits, system prompt first and the new message last', () => {
    const f = fitHistory('sys', history, 'next', 10_000);
    expect(f.dropped).toBe(0);
    expect(f.messages.map((m) => m.role)).toEqual([
      'system',
      'user',
      'assistant',
      'user',
      'assistant',
      'user',
    ]);
    expect(f.messages.at(-1)?.content).toBe('next');
  });

  it('drops whole exchanges, oldest first, until the estimate fits', () => {
    const fixed =
      estimateTokens({ role: 'system', content: 'sys' }) +
      estimateTokens({ role: 'user', content: 'next' });
    const lastTurn = turn('q2', 'a2').reduce((n, m) => n + estimateTokens(m), 0);
    const f = fitHistory('sys', history, 'next', fixed + lastTurn);
    expect(f.dropped).toBe(2);
    expect(f.kept).toEqual(turn('q2', 'a2'));
    expect(fitHistory(undefined, history, 'next', 1).kept).toEqual([]);
  });
});
