import { card, facts, heading, planButtons, text } from './card';
import { type AdaptiveCard, type CardElement } from '../chat/adaptive-card';
import { escapeMarkdown } from '../chat/escape-markdown';
import { approvalNote, withApprove, type PlanApproval } from './plan-approval';
import { translator, type Lang } from '../chat/i18n';

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
  /** The language the plan was written in (stored with it, so an approval redraws it alike). */
  lang?: Lang;
}

/** The plan card: facts and Confirm/Cancel (no buttons for a dry run). */
export function buildDeployPlanCard(v: DeployPlanView): AdaptiveCard {
  const t = translator(v.lang ?? 'en');
  const body: CardElement[] = [heading(v.title), facts(v.rows), text(v.change, { size: 'Small' })];
  if (v.dryRun) {
    body.push(text(t('deploy.dryRun'), { isSubtle: true, size: 'Small' }));
    return card(body);
  }
  const minutes = v.expiresInMin;
  body.push(
    ...approvalNote(v.approval, v.lang ?? 'en'),
    text(
      v.approval
        ? t('deploy.onlyRequester', { who: escapeMarkdown(v.approval.requester), minutes })
        : t('deploy.onlyYou', { minutes }),
      { isSubtle: true, size: 'Small' },
    ),
  );
  const buttons = planButtons(
    v.operationId,
    { confirm: CONFIRM_DEPLOY, cancel: CANCEL_DEPLOY },
    undefined,
    v.lang ?? 'en',
  );
  return card(
    body,
    withApprove(buttons, v.operationId, APPROVE_DEPLOY, v.approval, v.lang ?? 'en'),
  );
}
