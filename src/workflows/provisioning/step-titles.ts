import { translator, type Lang } from '../../chat/i18n';
import { en } from '../../chat/messages/catalogues';
import { inEveryLang, type StepText } from '../../platform/operations/step-text';
import type { LabNames } from './lab-names';

/** What the titles read of a plan: structural, so the step files can import this one. */
interface ProvisionTitleParams {
  names: LabNames;
  moveAccountFrom?: string | undefined;
}
interface CleanupTitleParams {
  resourceGroup: string;
  keepResourceGroup?: boolean | undefined;
}

/**
 * The provision steps' titles in one language. The steps store the English ones when the plan
 * is made; the progress card asks again in the conversation's language when it renders.
 */
export function provisionStepTitles(p: ProvisionTitleParams, lang: Lang = 'en') {
  const t = translator(lang);
  const n = p.names;
  return {
    'move-account': t('lab.steps.moveAccount', {
      account: n.account,
      from: p.moveAccountFrom ?? '',
    }),
    'resource-group': t('lab.steps.resourceGroup', { rg: n.resourceGroup }),
    // Product names read the same in both languages.
    account: `Azure OpenAI ${n.account}`,
    deployment: t('lab.steps.deployment', { name: n.deployment }),
    workspace: t('lab.steps.workspace', { name: n.workspace }),
    cluster: `Cluster ${n.cluster}`,
    libraries: t('lab.steps.libraries'),
  };
}

/** The cleanup steps' titles in one language (see provisionStepTitles). */
export function cleanupStepTitles(p: CleanupTitleParams, lang: Lang = 'en') {
  const t = translator(lang);
  return {
    cluster: t('lab.steps.cleanupCluster'),
    'serving-endpoints': t('lab.steps.servingEndpoints'),
    deployments: t('lab.steps.deployments'),
    accounts: t('lab.steps.account'),
    purge: t('lab.steps.purge'),
    workspace: t('lab.steps.cleanupWorkspace'),
    'resource-group': p.keepResourceGroup
      ? t('lab.steps.resourceGroupKept')
      : t('lab.steps.resourceGroup', { rg: p.resourceGroup }),
    verify: t('lab.steps.verify'),
  };
}

/**
 * A lab step's note in English, as the step stores it; the card finds the key again from the
 * text (src/cards/step-notes.ts) to show it in the conversation's language.
 */
export const stepNote = (
  key: keyof typeof en.lab.notes,
  vars?: Readonly<Record<string, string | number>>,
): string => translator('en')(`lab.notes.${key}`, vars);

/**
 * The account step's note: where the account is, whether it was restored or already there, and
 * the regions skipped on the way, said in every language (step-text.ts).
 */
export function accountNote(a: {
  region: string;
  restored?: boolean;
  created: boolean;
  skippedRegions: readonly { region: string; code: string }[];
}): StepText {
  const regions = a.skippedRegions.map((s) => `${s.region}: ${s.code}`).join(', ');
  return inEveryLang((lang) => {
    const t = translator(lang);
    const vars = { region: a.region };
    const where = a.restored
      ? t('lab.notes.accountRestored', vars)
      : a.created
        ? a.region
        : t('lab.notes.accountExisting', vars);
    return regions ? where + t('opsNotes.lab.skippedRegions', { regions }) : where;
  });
}
