import type { UnrecordedDeploy } from '../workflows/deploy/unrecorded-deploys';
import { translator, type Lang } from '../chat/i18n';

/**
 * The card and `status` line: what happened, what it costs, and what to do. The language rides
 * in the argument (not a second parameter) because `status` maps records straight through it.
 */
export function unrecordedText(
  d: Pick<UnrecordedDeploy, 'endpoint' | 'why'> & { lang?: Lang },
): string {
  return translator(d.lang ?? 'en')('deploy.unrecorded', { endpoint: d.endpoint, why: d.why });
}
