import type { Operation, StepStatus } from '../services/operations/operation';
import { clip } from './answer-card';
import {
  card,
  executeAction,
  facts,
  heading,
  text,
  type AdaptiveCard,
  type CardAction,
  type CardElement,
} from './card';

export const CONFIRM_DEPLOY = 'deploy.confirm';
export const CANCEL_DEPLOY = 'deploy.cancel';

/** Text labels, not colour alone: each step says what state it is in. */
const STEP_MARK: Readonly<Record<StepStatus, string>> = {
  pending: '○ waiting',
  running: '⏳ running',
  done: '✔ done',
  skipped: '↷ skipped',
  failed: '✖ failed',
};

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
}

/** The plan card: facts and Confirm/Cancel (no buttons for a dry run). */
export function buildDeployPlanCard(v: DeployPlanView): AdaptiveCard {
  const body: CardElement[] = [heading(v.title), facts(v.rows), text(v.change, { size: 'Small' })];
  if (v.dryRun) {
    body.push(text('Dry run: nothing was changed.', { isSubtle: true, size: 'Small' }));
    return card(body);
  }
  body.push(
    text(`Only you can confirm; the plan expires in ${v.expiresInMin} min.`, {
      isSubtle: true,
      size: 'Small',
    }),
  );
  const data = { operationId: v.operationId };
  return card(body, [
    executeAction('Confirm', { verb: CONFIRM_DEPLOY, ...data }, { style: 'positive' }),
    executeAction('Cancel', { verb: CANCEL_DEPLOY, ...data }),
  ]);
}

const STATE_LABEL: Readonly<Record<Operation['state'], string>> = {
  planned: 'Waiting for confirmation',
  running: 'In progress',
  succeeded: '✔ Succeeded',
  failed: '✖ Failed',
  cancelled: 'Cancelled',
  expired: 'Expired',
};

/** What the progress card shows besides the steps. */
export interface DeployProgressView {
  title: string;
  rows: readonly (readonly [string, string])[];
  /** Link to the MLflow run once recorded. */
  mlflowLink?: string | undefined;
}

/**
 * The one card a deploy/rollback updates in place: state, facts, one line per step with its
 * note, the error on failure, and the MLflow run link once recorded. Short lines for phones.
 */
export function buildDeployProgressCard(
  op: Readonly<Operation>,
  v: DeployProgressView,
): AdaptiveCard {
  const body: CardElement[] = [
    heading(v.title),
    facts([['State', STATE_LABEL[op.state]], ...v.rows]),
    facts(
      op.steps.map((s) => [
        s.title,
        `${STEP_MARK[s.status]}${s.note ? ` · ${clip(s.note, 140)}` : ''}`,
      ]),
    ),
  ];
  if (op.state === 'failed' && op.error) {
    body.push(text(clip(op.error, 600), { color: 'Attention', size: 'Small' }));
  }
  const actions: CardAction[] = v.mlflowLink
    ? [{ type: 'Action.OpenUrl', title: 'Open MLflow run', url: v.mlflowLink }]
    : [];
  return card(body, actions);
}
