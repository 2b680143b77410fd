import { translator, type Lang } from '../../chat/i18n';

/**
 * The `canary evaluate` steps' titles by step id, in one language. The steps store the English
 * ones when the evaluation is planned; its card asks again in the reader's language.
 */
export function evaluateStepTitles(p: { auto: boolean }, lang: Lang = 'en') {
  const t = translator(lang);
  return {
    'suite-current': t('opsNotes.canary.steps.suiteCurrent'),
    'suite-candidate': t('opsNotes.canary.steps.suiteCandidate'),
    'read-rows': t('opsNotes.canary.steps.readRows'),
    compare: t('opsNotes.canary.steps.compare'),
    mlflow: t('opsNotes.canary.steps.mlflow'),
    apply: t(p.auto ? 'opsNotes.canary.steps.apply' : 'opsNotes.canary.steps.leave'),
  };
}
