import type { UnrecordedDeploy } from '../workflows/deploy/unrecorded-deploys';

/** The card and `status` line: what happened, what it costs, and what to do. */
export function unrecordedText(d: Pick<UnrecordedDeploy, 'endpoint' | 'why'>): string {
  return `${d.endpoint} is deployed, but not recorded in MLflow: rollback will not see it. ${d.why} Deploy again once MLflow answers (\`status\` shows it) to record it.`;
}
