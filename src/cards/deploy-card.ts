import { card, facts, heading, planButtons, text } from './card';
import { type AdaptiveCard, type CardElement } from '../chat/adaptive-card';
import { escapeMarkdown } from '../chat/escape-markdown';
import { approvalNote, withApprove, type PlanApproval } from './plan-approval';

export const CONFIRM_DEPLOY = 'deploy.confirm';
export const CANCEL_DEPLOY = 'deploy.cancel';
export const APPROVE_DEPLOY = 'deploy.approve';

/** What a deploy or rollback plan shows before anything changes. */
export interface DeployPlanView {
  title: string;
  operationId: string;
  /** Short label → value rows: endpoint, model, key reference, gateway, suite. */
  rows: readonly (readonly [string, string])[];
  /** One line on what changes, e.g. "Creates the endpoint" or "v3 → v4". */
  change: string;
  dryRun: boolean;
  expiresInMin: number;
  /** Present when another permitted user must approve (APPROVALS_REQUIRED=2). */
  approval?: PlanApproval;
}

/** The plan card: facts and Confirm/Cancel (no buttons for a dry run). */
export function buildDeployPlanCard(v: DeployPlanView): AdaptiveCard {
  const body: CardElement[] = [heading(v.title), facts(v.rows), text(v.change, { size: 'Small' })];
  if (v.dryRun) {
    body.push(text('Dry run: nothing was changed.', { isSubtle: true, size: 'Small' }));
    return card(body);
  }
  body.push(
    ...approvalNote(v.approval),
    text(
      `Only ${v.approval ? escapeMarkdown(v.approval.requester) : 'you'} can confirm; the plan expires in ${v.expiresInMin} min.`,
      { isSubtle: true, size: 'Small' },
    ),
  );
  const buttons = planButtons(v.operationId, { confirm: CONFIRM_DEPLOY, cancel: CANCEL_DEPLOY });
  return card(body, withApprove(buttons, v.operationId, APPROVE_DEPLOY, v.approval));
}
