import type { CardAction, CardElement } from '../chat/adaptive-card';
import { escapeMarkdown } from '../chat/escape-markdown';
import { executeAction, text } from './card';

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
export function approvedSuffix(outputs: Readonly<Record<string, string>>): string {
  const by = outputs[APPROVAL_OUTPUTS.byName] ?? outputs[APPROVAL_OUTPUTS.by];
  return by ? ` · approved by ${escapeMarkdown(by)}` : '';
}

/**
 * A plan that needs a second pair of eyes (APPROVALS_REQUIRED=2): who asked, and who approved
 * once someone has. Plain data, stored with the plan so the card can be drawn again on Approve.
 */
export interface PlanApproval {
  readonly requester: string;
  readonly approvedBy?: string;
}

/** The line that says whose Approve the plan waits for, or who gave it. */
export function approvalNote(a: PlanApproval | undefined): CardElement[] {
  if (!a) return [];
  const requester = escapeMarkdown(a.requester);
  return a.approvedBy
    ? [
        text(`✔ Approved by **${escapeMarkdown(a.approvedBy)}**. ${requester} can confirm now.`, {
          color: 'Good',
        }),
      ]
    : [
        text(
          `Needs a second pair of eyes: another permitted user presses **Approve**, then ${requester} confirms. ${requester} cannot approve their own plan.`,
          { color: 'Warning' },
        ),
      ];
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
): CardAction[] {
  if (!operationId || !a || a.approvedBy) return actions;
  const approve = executeAction(
    'Approve',
    { verb, operationId },
    { style: 'positive', associatedInputs: 'none' },
  );
  return [...actions.slice(0, 1), approve, ...actions.slice(1)];
}
