import type { AdaptiveCard, CardAction, CardElement } from '../chat/adaptive-card';
import { escapeMarkdown } from '../chat/escape-markdown';
import { translator, type Lang, type Translate } from '../chat/i18n';
import { cardDate, cardTime, formatNumber, formatPercent } from '../chat/locale-format';
import type {
  CanaryCriterion,
  CanaryVerdict,
  CriterionResult,
} from '../workflows/canary-eval/canary-verdict';
import type { EntityStats } from '../workflows/canary-eval/entity-comparison';
import { card, executeAction, facts, heading, text } from './card';

/** One entity's suite result; null = the suite did not run on it. */
export interface EntityPassRate {
  readonly passed: number;
  readonly total: number;
}

export interface FailingCaseView {
  readonly caseId: string;
  readonly entity: 'current' | 'candidate';
  /** Failed assertions, the grader's reason among them when it gave one. */
  readonly reasons: readonly string[];
}

export interface CanaryEvaluationView {
  readonly endpoint: string;
  /** Served entity names. */
  readonly current: string;
  readonly candidate: string;
  /** The compared traffic window, epoch ms. */
  readonly from: number;
  readonly to: number;
  readonly suite: string | undefined;
  readonly passRates: {
    readonly current: EntityPassRate | null;
    readonly candidate: EntityPassRate | null;
  };
  readonly failingCases: readonly FailingCaseView[];
  readonly stats: { readonly current: EntityStats; readonly candidate: EntityStats };
  readonly verdict: CanaryVerdict;
  /** With --auto: what was started; undefined = the buttons decide. */
  readonly applied?: 'promote' | 'rollback' | 'none';
  readonly runLink?: string | undefined;
  /** Why MLflow did not record the run (the card still shows the evaluation). */
  readonly notRecorded?: string | undefined;
  readonly lang?: Lang;
}

/** Failing cases shown; the rest are in the MLflow run's table (the card stays small). */
export const MAX_FAILING_CASES = 6;
const MAX_REASON_CHARS = 200;
const LOCALE: Record<Lang, string> = { en: 'en-US', fr: 'fr-FR' };

/** The client writes it in the reader's locale and time zone. */
const when = (ms: number) => `${cardDate(ms, 'SHORT')} ${cardTime(ms)}`;
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Narrow screens: label and two values, each column wrapping. */
const row = (cells: readonly [string, string, string], header = false): CardElement => ({
  type: 'ColumnSet',
  spacing: 'Small',
  columns: cells.map((value, i) => ({
    type: 'Column',
    width: i === 0 ? 3 : 2,
    items: [
      text(value, { size: 'Small', ...(header ? { weight: 'Bolder', isSubtle: true } : {}) }),
    ],
  })),
});

function formatValue(c: CanaryCriterion, v: number | null, t: Translate, locale: string): string {
  if (v === null) return t('canaryEval.noData');
  if (c === 'latency') return `${formatNumber(Math.round(v), locale)} ms`;
  return formatPercent(v, locale);
}

function criterionLine(r: CriterionResult, t: Translate, locale: string): string {
  const name = t(`canaryEval.name.${r.criterion}`);
  let body: string;
  if (r.met === null) body = t('canaryEval.criterion.noData', { name });
  else if (r.criterion === 'token_drift') {
    body =
      r.met || !r.drifted?.length
        ? t('canaryEval.criterion.tokenDriftNone')
        : t('canaryEval.criterion.tokenDrift', { features: r.drifted.join(', ') });
  } else {
    body = t(`canaryEval.criterion.${r.criterion}`, {
      current: formatValue(r.criterion, r.current, t, locale),
      candidate: formatValue(r.criterion, r.candidate, t, locale),
      limit: formatValue(r.criterion, r.limit, t, locale),
    });
  }
  // Icons, not words, so the line reads the same in every language; the text says the rest.
  return `${r.met === null ? '⏳' : r.met ? '✅' : '❌'} ${body}`;
}

function verdictText(v: CanaryVerdict, t: Translate): string {
  const names = (pick: (r: CriterionResult) => boolean) =>
    v.criteria
      .filter(pick)
      .map((r) => t(`canaryEval.name.${r.criterion}`))
      .join(', ');
  if (v.decision === 'promote') return t('canaryEval.verdictPromote');
  if (v.decision === 'rollback') {
    return t('canaryEval.verdictRollback', { criteria: names((r) => r.met === false) });
  }
  return t('canaryEval.verdictInconclusive', { criteria: names((r) => r.met === null) });
}

function passRateText(p: EntityPassRate | null, t: Translate, locale: string): string {
  if (!p) return t('canaryEval.notRun');
  const rate = formatPercent(p.total === 0 ? 0 : p.passed / p.total, locale);
  return t('canaryEval.passRate', { passed: p.passed, total: p.total, rate });
}

function statsRows(s: CanaryEvaluationView['stats'], t: Translate, locale: string): CardElement[] {
  const pct = (v: number | null) =>
    v === null ? t('canaryEval.noData') : formatPercent(v, locale);
  const num = (v: number | null, unit = '') =>
    v === null ? t('canaryEval.noData') : `${formatNumber(v, locale, 1)}${unit}`;
  const reasons = (e: EntityStats) => {
    const top = Object.entries(e.finishReasons)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([k, v]) => `${escapeMarkdown(k)} ${formatPercent(v, locale)}`);
    return top.length > 0 ? top.join(', ') : t('canaryEval.noData');
  };
  const both = (f: (e: EntityStats) => string): [string, string] => [f(s.current), f(s.candidate)];
  return [
    row([t('canaryEval.requests'), ...both((e) => formatNumber(e.requests, locale))]),
    row([t('canaryEval.p95Latency'), ...both((e) => num(e.p95LatencyMs, ' ms'))]),
    row([t('canaryEval.errorRate'), ...both((e) => pct(e.errorRate))]),
    row([t('canaryEval.filterRate'), ...both((e) => pct(e.filterRate))]),
    row([t('canaryEval.completionTokens'), ...both((e) => num(e.meanCompletionTokens))]),
    row([t('canaryEval.finishReasons'), ...both(reasons)]),
  ];
}

function failingCases(v: CanaryEvaluationView, t: Translate): CardElement[] {
  if (v.failingCases.length === 0) {
    return [text(t('canaryEval.noFailures'), { size: 'Small', isSubtle: true })];
  }
  const shown = v.failingCases.slice(0, MAX_FAILING_CASES).map((c) =>
    text(
      t('canaryEval.failingCase', {
        caseId: escapeMarkdown(c.caseId),
        entity: t(
          c.entity === 'current' ? 'canaryEval.entityCurrent' : 'canaryEval.entityCandidate',
        ),
        reasons: escapeMarkdown(clip(c.reasons.join('; '), MAX_REASON_CHARS)),
      }),
      { size: 'Small', spacing: 'Small' },
    ),
  );
  const more = v.failingCases.length - shown.length;
  if (more > 0) {
    shown.push(text(t('canaryEval.moreCases', { count: more }), { size: 'Small', isSubtle: true }));
  }
  return shown;
}

/**
 * The evaluation of a canary: both entities' suite pass rates and failing cases, their live
 * traffic side by side, each criterion with its evidence, the verdict, and (unless --auto
 * applied it) Promote / Roll back buttons that run `canary promote|rollback` as if typed, so
 * the plan, confirmation, approvals and audit of those commands apply.
 */
export function buildCanaryEvaluationCard(v: CanaryEvaluationView): AdaptiveCard {
  const lang = v.lang ?? 'en';
  const t = translator(lang);
  const locale = LOCALE[lang];
  const current = escapeMarkdown(v.current);
  const candidate = escapeMarkdown(v.candidate);
  const body: CardElement[] = [
    heading(t('canaryEval.title', { endpoint: escapeMarkdown(v.endpoint) })),
    text(t('canaryEval.entities', { current, candidate }), { spacing: 'None' }),
    text(verdictText(v.verdict, t), {
      weight: 'Bolder',
      color:
        v.verdict.decision === 'promote'
          ? 'Good'
          : v.verdict.decision === 'rollback'
            ? 'Attention'
            : 'Warning',
    }),
  ];
  if (v.applied !== undefined) {
    body.push(
      text(
        v.applied === 'none'
          ? t('canaryEval.autoNone')
          : t('canaryEval.autoApplied', {
              action: t(
                v.applied === 'promote' ? 'canaryEval.actionPromote' : 'canaryEval.actionRollback',
              ),
            }),
        { size: 'Small' },
      ),
    );
  }
  body.push(text(t('canaryEval.criteria'), { weight: 'Bolder', spacing: 'Medium' }));
  for (const r of v.verdict.criteria)
    body.push(text(criterionLine(r, t, locale), { spacing: 'Small' }));

  body.push(text(t('canaryEval.passRates'), { weight: 'Bolder', spacing: 'Medium' }));
  if (v.suite === undefined)
    body.push(text(t('canaryEval.noSuite'), { size: 'Small', isSubtle: true }));
  else {
    body.push(
      text(t('canaryEval.suiteName', { suite: escapeMarkdown(v.suite) }), { size: 'Small' }),
    );
    body.push(
      facts([
        [
          t('canaryEval.currentLabel', { name: v.current }),
          passRateText(v.passRates.current, t, locale),
        ],
        [
          t('canaryEval.candidateLabel', { name: v.candidate }),
          passRateText(v.passRates.candidate, t, locale),
        ],
      ]),
    );
    body.push(text(t('canaryEval.failingCases'), { weight: 'Bolder', size: 'Small' }));
    body.push(...failingCases(v, t));
  }

  body.push(text(t('canaryEval.features'), { weight: 'Bolder', spacing: 'Medium' }));
  body.push(
    text(t('canaryEval.since', { from: when(v.from), to: when(v.to) }), {
      size: 'Small',
      isSubtle: true,
    }),
  );
  body.push(
    row(
      [
        t('canaryEval.feature'),
        t('canaryEval.currentLabel', { name: v.current }),
        t('canaryEval.candidateLabel', { name: v.candidate }),
      ],
      true,
    ),
  );
  body.push(...statsRows(v.stats, t, locale));
  if (v.notRecorded) {
    body.push(
      text(t('canaryEval.notRecorded', { error: escapeMarkdown(clip(v.notRecorded, 200)) }), {
        size: 'Small',
        color: 'Warning',
      }),
    );
  }

  const actions: CardAction[] = [];
  if (v.applied === undefined || v.applied === 'none') {
    const endpoint = v.endpoint;
    actions.push(
      executeAction(
        t('canaryEval.promote'),
        { verb: 'run', command: 'canary', args: `promote ${endpoint}` },
        v.verdict.decision === 'promote' ? { style: 'positive' } : {},
      ),
      executeAction(
        t('canaryEval.rollback'),
        { verb: 'run', command: 'canary', args: `rollback ${endpoint}` },
        v.verdict.decision === 'rollback' ? { style: 'destructive' } : {},
      ),
    );
  }
  if (v.runLink)
    actions.push({ type: 'Action.OpenUrl', title: t('canaryEval.openRun'), url: v.runLink });
  return card(body, actions);
}

/** The message's text line (notifications, screen readers). */
export function canaryEvaluationSummary(
  v: Pick<CanaryEvaluationView, 'endpoint' | 'verdict' | 'lang'>,
): string {
  const t = translator(v.lang ?? 'en');
  const key =
    v.verdict.decision === 'promote'
      ? 'summaryPromote'
      : v.verdict.decision === 'rollback'
        ? 'summaryRollback'
        : 'summaryInconclusive';
  return t('canaryEval.summary', { endpoint: v.endpoint, verdict: t(`canaryEval.${key}`) });
}
