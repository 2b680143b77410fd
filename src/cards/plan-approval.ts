import type { CardAction, CardElement } from '../chat/adaptive-card';
import { escapeMarkdown } from '../chat/escape-markdown';
import { executeAction, text } from './card';
import { translator, type Lang } from '../chat/i18n';

/**
 * Where a plan's approval lives among its operation's outputs (free-form strings that survive
 * restarts with the operation; no step writes these names).
 */
export const APPROVAL_OUTPUTS = {
  required: 'approval.required',
  by: 'approval.by',
  byName: 'approval.byName',
  /** The plan card's view as JSON, to draw the card again once approved. */
  view: 'approval.view',
} as const;

/** " · approved by X" for a progress card's subtitle, or '' when nobody approved. */
export function approvedSuffix(
  outputs: Readonly<Record<string, string>>,
  lang: Lang = 'en',
): string {
  const by = outputs[APPROVAL_OUTPUTS.byName] ?? outputs[APPROVAL_OUTPUTS.by];
  return by
    ? translator(lang)('operation.approval.approvedSuffix', { who: escapeMarkdown(by) })
    : '';
}

/**
 * A plan that needs a second pair of eyes (APPROVALS_REQUIRED=2): who asked, and who approved
 * once someone has. Plain data, stored with the plan so the card can be drawn again on Approve.
 */
export interface PlanApproval {
  /** The requester's name; '' when unknown (the note then says "the requester"). */
  readonly requester: string;
  readonly approvedBy?: string;
}

/** The line that says whose Approve the plan waits for, or who gave it. */
export function approvalNote(a: PlanApproval | undefined, lang: Lang = 'en'): CardElement[] {
  if (!a) return [];
  const t = translator(lang);
  const requester = a.requester ? escapeMarkdown(a.requester) : t('operation.theRequester');
  return a.approvedBy
    ? [
        text(
          t('operation.approval.approvedNote', { who: escapeMarkdown(a.approvedBy), requester }),
          { color: 'Good' },
        ),
      ]
    : [text(t('operation.approval.needsNote', { requester }), { color: 'Warning' })];
}

/**
 * The plan's buttons with Approve after the first (the confirm button) while approval is
 * pending. Approve ignores the card's inputs: the approver need not type the requester's check.
 */
export function withApprove(
  actions: CardAction[],
  operationId: string | undefined,
  verb: string,
  a: PlanApproval | undefined,
  lang: Lang = 'en',
): CardAction[] {
  if (!operationId || !a || a.approvedBy) return actions;
  const approve = executeAction(
    translator(lang)('operation.approval.approve'),
    { verb, operationId },
    { style: 'positive', associatedInputs: 'none' },
  );
  return [...actions.slice(0, 1), approve, ...actions.slice(1)];
}
