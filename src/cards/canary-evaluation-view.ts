import { translator, type Lang } from '../chat/i18n';
import { cardReply, type Reply } from '../chat/reply';
import type { OperationView, TypedOperation } from '../platform/operations/operation';
import type { CanaryVerdict } from '../workflows/canary-eval/canary-verdict';
import type {
  CanaryEvaluateParams,
  StoredComparison,
  StoredSuite,
} from '../workflows/canary-eval/evaluate-operation';
import {
  buildCanaryEvaluationCard,
  canaryEvaluationSummary,
  type CanaryEvaluationView,
} from './canary-evaluation-card';
import { buildProgressCard } from './operation-progress-card';
import { localError, localNote, localNotes } from './step-notes';

const parsed = <T>(s: string | undefined): T | undefined =>
  s === undefined ? undefined : (JSON.parse(s) as T);

/** The evaluation card's data from what the operation's steps stored; undefined before compare. */
export function evaluationViewOf(
  op: TypedOperation<CanaryEvaluateParams>,
): CanaryEvaluationView | undefined {
  const o = op.outputs;
  const verdict = parsed<CanaryVerdict>(o.verdict_json);
  const cmp = parsed<StoredComparison>(o.comparison);
  if (!verdict || !cmp) return undefined;
  const p = op.params;
  const cur = parsed<StoredSuite>(o.suite_current);
  const cand = parsed<StoredSuite>(o.suite_candidate);
  const failing = (s: StoredSuite | undefined, entity: 'current' | 'candidate') =>
    (s?.cases ?? [])
      .filter((c) => c.status !== 'pass')
      .map((c) => ({ caseId: c.caseId, entity, reasons: c.reasons }));
  const stepDone = (id: string) => op.steps.find((s) => s.id === id)?.status;
  const applyStatus = stepDone('apply');
  return {
    endpoint: p.endpoint,
    current: p.current,
    candidate: p.candidate,
    from: p.from,
    to: p.to,
    suite: p.suite,
    passRates: {
      current: cur ? { passed: cur.passed, total: cur.total } : null,
      candidate: cand ? { passed: cand.passed, total: cand.total } : null,
    },
    // The candidate's failures first: they are what the decision is about.
    failingCases: [...failing(cand, 'candidate'), ...failing(cur, 'current')],
    stats: { current: cmp.current, candidate: cmp.candidate },
    verdict,
    ...(p.auto && (applyStatus === 'done' || applyStatus === 'skipped')
      ? { applied: o.applied === 'promote' || o.applied === 'rollback' ? o.applied : 'none' }
      : {}),
    runLink: o.run_link,
    notRecorded:
      o.not_recorded === undefined ? undefined : localNote(o.not_recorded, p.lang ?? 'en'),
    lang: p.lang ?? 'en',
  };
}

/**
 * One card per evaluation, updated in place by the runner: the steps while the evidence is
 * gathered, then the evaluation card (so a resumed evaluation never posts a second one).
 */
export const canaryEvaluationOperationView: OperationView<CanaryEvaluateParams> = {
  render: renderEvaluation,
  // An evaluation the window started has no card to update: its result is posted once, at the end.
  finished: (op) => (op.cardActivityId ? undefined : renderEvaluation(op, Date.now())),
};

function renderEvaluation(
  op: TypedOperation<CanaryEvaluateParams>,
  now: number,
  viewLang?: Lang,
): Reply {
  const view = evaluationViewOf(op);
  if (view) return cardReply(buildCanaryEvaluationCard(view), canaryEvaluationSummary(view));
  // The language the evaluation was asked in, like its result card; else the conversation's.
  const lang = op.params.lang ?? viewLang ?? 'en';
  const title = translator(lang)('canaryEval.progressTitle', {
    endpoint: op.params.endpoint,
  });
  return cardReply(
    buildProgressCard({
      title,
      subtitle: `${op.params.current} → ${op.params.candidate}`,
      state: op.state,
      steps: localNotes(op.steps, lang),
      now,
      outputs: [],
      error: localError(op, lang),
      lang,
    }),
    `${title}: ${op.state}`,
  );
}
