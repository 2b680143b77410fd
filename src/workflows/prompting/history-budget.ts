import type { ChatMessage } from '../../services/llm/llm-service';

/**
 * A tokenizer-free estimate (about four characters per token plus per-message overhead). It
 * only has to keep history well under the model's context, not match the bill.
 */
export function estimateTokens(message: ChatMessage): number {
  return Math.ceil(message.content.length / 4) + 4;
}

/**
 * The messages to send for the next turn: system prompt, as much history as fits the budget,
 * and the new user message. Whole exchanges are dropped oldest first, so the model never sees
 * an answer without its question. Returns how many history messages were dropped.
 */
export function fitHistory(
  systemPrompt: string | undefined,
  history: readonly ChatMessage[],
  next: string,
  budgetTokens: number,
): { messages: ChatMessage[]; kept: ChatMessage[]; dropped: number } {
  const system: ChatMessage[] = systemPrompt ? [{ role: 'system', content: systemPrompt }] : [];
  const user: ChatMessage = { role: 'user', content: next };
  const fixed = [...system, user].reduce((n, m) => n + estimateTokens(m), 0);
  let start = 0;
  let used = fixed + history.reduce((n, m) => n + estimateTokens(m), 0);
  while (start < history.length && used > budgetTokens) {
    const first = history[start];
    const second = history[start + 1];
    const step = first?.role === 'user' && second?.role === 'assistant' ? 2 : 1;
    for (let i = 0; i < step; i++) used -= estimateTokens(history[start + i] as ChatMessage);
    start += step;
  }
  const kept = history.slice(start);
  return { messages: [...system, ...kept, user], kept, dropped: start };
}
