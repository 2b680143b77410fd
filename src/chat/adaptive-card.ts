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

/** Data attached to every button the bot owns; `verb` selects the handler. */
export interface ActionData {
  verb: string;
  [key: string]: unknown;
}
