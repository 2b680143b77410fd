/** Adaptive Card JSON as sent to Teams. Builders return plain objects; no SDK types. */
export interface AdaptiveCard {
  type: 'AdaptiveCard';
  version: '1.0' | '1.2' | '1.3' | '1.4' | '1.5';
  $schema?: string;
  body: CardElement[];
  actions?: CardAction[];
  msteams?: Record<string, unknown>;
  [key: string]: unknown;
}

export type CardElement = Record<string, unknown> & { type: string };
export type CardAction = Record<string, unknown> & { type: string };

export const CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

/** Data attached to every button the bot owns; `verb` selects the handler. */
export interface ActionData {
  verb: string;
  [key: string]: unknown;
}

/**
 * A button that works everywhere: Action.Execute (Universal Actions, updates the card in place)
 * with an Action.Submit fallback for clients that lack it, both carrying the same data.
 */
export function executeAction(
  title: string,
  data: ActionData,
  extra: Record<string, unknown> = {},
): CardAction {
  return {
    type: 'Action.Execute',
    title,
    verb: data.verb,
    data,
    ...extra,
    fallback: { type: 'Action.Submit', title, data },
  };
}

export function card(body: CardElement[], actions: CardAction[] = []): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: CARD_SCHEMA,
    version: '1.5',
    body,
    ...(actions.length > 0 ? { actions } : {}),
  };
}

export const heading = (text: string): CardElement => ({
  type: 'TextBlock',
  text,
  style: 'heading',
  weight: 'Bolder',
  size: 'Medium',
  wrap: true,
});

export const text = (value: string, extra: Record<string, unknown> = {}): CardElement => ({
  type: 'TextBlock',
  text: value,
  wrap: true,
  ...extra,
});

export const facts = (items: readonly (readonly [string, string])[]): CardElement => ({
  type: 'FactSet',
  facts: items.map(([title, value]) => ({ title, value })),
});
