import type { CaseOutcome, SuiteReport } from '../workflows/prompting/suite-runner';
import { clip } from './answer-card';
import { card, facts, heading, text } from './card';
import { type AdaptiveCard, type CardElement } from '../chat/adaptive-card';
import { translator, type Lang } from '../chat/i18n';
import type { UserMessage } from '../services/errors';
import { messageText } from '../services/describe-error';

/** How many cases the card lists in all (failing first); the rest are counted per section. */
export const MAX_LISTED_FAILURES = 25;

type Section = 'failing' | 'ungraded' | 'graderNotes';
const LINE: Record<Section, 'suites.failingCase' | 'suites.ungradedCase' | 'suites.passedCase'> = {
  failing: 'suites.failingCase',
  ungraded: 'suites.ungradedCase',
  graderNotes: 'suites.passedCase',
};
/** Each reason in the reader's language when the runner gave its message, else as written. */
const inLang = (lang: Lang, texts: string[], said: readonly (UserMessage | undefined)[] = []) =>
  texts.map((text, i) => {
    const m = said[i];
    return m ? messageText(m, lang) : text;
  });
const REASONS: Record<Section, (c: CaseOutcome, lang: Lang) => string[]> = {
  failing: (c, lang) => inLang(lang, c.reasons, c.said?.reasons),
  ungraded: (c, lang) => inLang(lang, c.ungraded, c.said?.ungraded),
  graderNotes: (c) => c.graderNotes,
};

/**
 * `test <suite>`: pass rate per target, then failing cases with their reasons, then ungraded
 * cases (no grader verdict) with why, then the grader's reasons for graded passes. One column of
 * short lines so it reads on a phone; the list is capped so many cases stay under 28 KB.
 */
export function buildSuiteResultCard(
  report: SuiteReport,
  mlflow: { link?: string; note?: string } = {},
  lang: Lang = 'en',
): AdaptiveCard {
  const t = translator(lang);
  const body: CardElement[] = [heading(t('suites.title', { suite: report.suite }))];
  body.push(
    facts(
      report.targets.map((s) => [
        s.target,
        t('suites.targetLine', {
          passed: s.passed,
          total: s.total,
          percent: Math.round(s.passRate * 100),
          p50: Math.round(s.p50LatencyMs),
          p95: Math.round(s.p95LatencyMs),
          tokens: s.totalTokens,
        }) + (s.ungraded ? t('suites.targetUngraded', { ungraded: s.ungraded }) : ''),
      ]),
    ),
  );
  const failures = report.cases.filter((c) => c.status === 'fail');
  const ungraded = report.cases.filter((c) => c.status === 'ungraded');
  const noted = report.cases.filter((c) => c.status === 'pass' && c.graderNotes.length > 0);
  if (failures.length === 0 && ungraded.length === 0)
    body.push(text(t('suites.allPassed'), { color: 'Good' }));
  let room = MAX_LISTED_FAILURES;
  const section = (kind: Section, cases: CaseOutcome[], title: CardElement) => {
    if (cases.length === 0) return;
    body.push(title);
    const shown = cases.slice(0, Math.max(0, room));
    room -= shown.length;
    for (const c of shown) body.push(caseLine(lang, kind, c));
    if (cases.length > shown.length)
      body.push(text(t('suites.more', { count: cases.length - shown.length }), { isSubtle: true }));
  };
  section(
    'failing',
    failures,
    text(t('suites.failing', { count: failures.length }), { color: 'Attention' }),
  );
  section(
    'ungraded',
    ungraded,
    text(t('suites.ungraded', { count: ungraded.length }), { color: 'Warning' }),
  );
  section('graderNotes', noted, text(t('suites.graderNotes'), { spacing: 'Medium' }));
  if (mlflow.note) body.push(text(mlflow.note, { isSubtle: true, size: 'Small' }));
  return card(
    body,
    mlflow.link ? [{ type: 'Action.OpenUrl', title: t('suites.openRun'), url: mlflow.link }] : [],
  );
}

function caseLine(lang: Lang, kind: Section, c: CaseOutcome): CardElement {
  const t = translator(lang);
  return text(
    t(LINE[kind], {
      id: c.caseId,
      target: c.target,
      reasons: clip(REASONS[kind](c, lang).join('; '), 300),
    }),
    { spacing: 'Small', size: 'Small' },
  );
}
