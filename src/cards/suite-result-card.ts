import type { SuiteReport } from '../workflows/prompting/suite-runner';
import { clip } from './answer-card';
import { card, facts, heading, text } from './card';
import { type AdaptiveCard, type CardElement } from '../chat/adaptive-card';

/** How many failing cases the card lists; the rest are counted. */
export const MAX_LISTED_FAILURES = 25;

/** `test <suite>`: pass rate per target, then each failing case with its reasons. */
export function buildSuiteResultCard(
  report: SuiteReport,
  mlflow: { link?: string; note?: string } = {},
): AdaptiveCard {
  const body: CardElement[] = [heading(`Prompt suite: ${report.suite}`)];
  body.push(
    facts(
      report.targets.map((t) => [
        t.target,
        `${t.passed}/${t.total} passed (${Math.round(t.passRate * 100)}%) · p50 ${Math.round(t.p50LatencyMs)} ms · p95 ${Math.round(t.p95LatencyMs)} ms · ${t.totalTokens} tokens`,
      ]),
    ),
  );
  const failures = report.cases.filter((c) => !c.pass);
  if (failures.length === 0) body.push(text('✔ Every case passed.', { color: 'Good' }));
  else body.push(text(`**Failing cases (${failures.length})**`, { color: 'Attention' }));
  for (const f of failures.slice(0, MAX_LISTED_FAILURES)) {
    body.push(
      text(`✖ **${f.caseId}** on ${f.target}: ${clip(f.reasons.join('; '), 300)}`, {
        spacing: 'Small',
        size: 'Small',
      }),
    );
  }
  if (failures.length > MAX_LISTED_FAILURES) {
    body.push(text(`…and ${failures.length - MAX_LISTED_FAILURES} more.`, { isSubtle: true }));
  }
  if (mlflow.note) body.push(text(mlflow.note, { isSubtle: true, size: 'Small' }));
  return card(
    body,
    mlflow.link ? [{ type: 'Action.OpenUrl', title: 'Open MLflow run', url: mlflow.link }] : [],
  );
}
