import { card, facts, heading, planButtons, text } from './card';
import type { AdaptiveCard, CardElement } from '../chat/adaptive-card';
import { translator, type Lang } from '../chat/i18n';
import { approvalNote, withApprove, type PlanApproval } from './plan-approval';

export const START_CANARY_EVALUATE = 'canary.evaluate.start';
export const CANCEL_CANARY_EVALUATE = 'canary.evaluate.cancel';
export const APPROVE_CANARY_EVALUATE = 'canary.evaluate.approve';

/** What `canary evaluate` will compare, before anything runs. */
export interface CanaryEvaluatePlanView {
  endpoint: string;
  current: string;
  candidate: string;
  suite: string | undefined;
  /** The traffic window, already formatted ("20:00 → 21:00 UTC"). */
  window: string;
  auto: boolean;
  /** '' for a dry run: no buttons. */
  operationId: string;
  expiresInMin: number;
  lang: Lang;
  /** With `--auto` under APPROVALS_REQUIRED=2: the verdict changes the endpoint, so four eyes. */
  approval?: PlanApproval;
}

/**
 * The evaluation's plan: Start gives the runner this card's id, which the progress and then
 * the evaluation card replace in place (a typed command's own reply id is not known to it).
 */
export function buildCanaryEvaluatePlanCard(v: CanaryEvaluatePlanView): AdaptiveCard {
  const t = translator(v.lang);
  const body: CardElement[] = [
    heading(
      t(v.auto ? 'canaryEval.plan.titleAuto' : 'canaryEval.plan.title', { endpoint: v.endpoint }),
    ),
    facts([
      [
        t('canaryEval.plan.rowEntities'),
        t('canaryEval.entities', { current: v.current, candidate: v.candidate }),
      ],
      [t('canaryEval.plan.rowSuite'), v.suite ?? t('canaryEval.plan.noSuite')],
      [t('canaryEval.plan.rowWindow'), v.window],
      [
        t('canaryEval.plan.rowThen'),
        t(v.auto ? 'canaryEval.plan.thenAuto' : 'canaryEval.plan.thenCard'),
      ],
    ]),
  ];
  if (!v.operationId) {
    body.push(text(t('canaryEval.plan.dryRun'), { isSubtle: true, size: 'Small' }));
    return card(body);
  }
  body.push(
    ...approvalNote(v.approval),
    text(t('canaryEval.plan.onlyYou', { minutes: v.expiresInMin }), {
      isSubtle: true,
      size: 'Small',
    }),
  );
  const verbs = { confirm: START_CANARY_EVALUATE, cancel: CANCEL_CANARY_EVALUATE };
  const start = { title: t('canaryEval.plan.start'), style: 'positive' as const };
  const buttons = planButtons(v.operationId, verbs, start);
  return card(body, withApprove(buttons, v.operationId, APPROVE_CANARY_EVALUATE, v.approval));
}
