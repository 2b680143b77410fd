import type { UnrecordedDeploy } from '../workflows/deploy/unrecorded-deploys';
import { translator, type Lang } from '../chat/i18n';
import { localNote } from './step-notes';

/**
 * The card and `status` line: what happened, what it costs, and what to do. The language rides
 * in the argument (not a second parameter) because `status` maps records straight through it.
 */
export function unrecordedText(
  d: Pick<UnrecordedDeploy, 'endpoint' | 'why'> & { lang?: Lang },
): string {
  const lang = d.lang ?? 'en';
  // `why` is stored in English (the deploy's outputs); a service error's template finds it again.
  return translator(lang)('deploy.unrecorded', {
    endpoint: d.endpoint,
    why: localNote(d.why, lang),
  });
}
