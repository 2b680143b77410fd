import type { ActionData, AdaptiveCard, CardAction, CardElement } from '../chat/adaptive-card';
import { translator, type Lang } from '../chat/i18n';

export const CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

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

/**
 * A plan's two buttons, carrying its operation id: the answer (confirm, styled; Confirm unless
 * the caller names it) and Cancel, in `lang`. A dry run (no operation) gets none.
 */
export function planButtons(
  operationId: string | undefined,
  verbs: { confirm: string; cancel: string },
  confirm?: { title: string; style: 'positive' | 'destructive' },
  lang: Lang = 'en',
): CardAction[] {
  if (!operationId) return [];
  const t = translator(lang);
  const answer = confirm ?? { title: t('card.confirm'), style: 'positive' };
  return [
    executeAction(answer.title, { verb: verbs.confirm, operationId }, { style: answer.style }),
    executeAction(t('card.cancel'), { verb: verbs.cancel, operationId }),
  ];
}
