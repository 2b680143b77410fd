import { expect } from 'vitest';
import { cardOf, type Harness } from './bot-harness';
import { CARD_BYTE_LIMIT, checkCard } from './card-validator';

/**
 * Sends one activity and returns the single Adaptive Card the bot sent for it, validated like
 * every card in the suite; the connector is cleared for the next turn.
 */
export async function cardReplyTo(
  h: Harness,
  activity: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  await h.send(activity);
  const [sent] = await h.connector.waitFor(1);
  h.connector.clear();
  const card = cardOf(sent?.body);
  expect(card, JSON.stringify(sent?.body)).toBeDefined();
  const check = checkCard(card ?? {});
  expect(check.events).toEqual([]);
  expect(check.bytes).toBeLessThanOrEqual(CARD_BYTE_LIMIT);
  return card ?? {};
}
