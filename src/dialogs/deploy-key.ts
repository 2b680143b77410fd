import { secretReference } from '../services/databricks/secrets';
import type { KeyFrom } from '../workflows/deploy/deploy-params';
import { accountKeySource, provisionedOutputs } from '../workflows/deploy/provisioned-source';
import type { DeployServices } from '../workflows/deploy/deploy-services';
import type { CommandContext } from './command';
import { translator, type Lang } from '../chat/i18n';

/** Where the "Store key" step of a deploy or rollback takes the Azure OpenAI key from. */
export type KeySource = { ok: true; keyFrom?: KeyFrom } | { ok: false };

/** The outputs of the environment's latest succeeded `provision`, if any. */
export async function latestProvisionOutputs(
  ctx: CommandContext,
): Promise<Readonly<Record<string, string>> | undefined> {
  return provisionedOutputs(
    await ctx.services.operations.repo.latest(ctx.services.info.environmentName),
  );
}

/**
 * Works out the key source for serving `apiBase`: the configured AZURE_OPENAI_API_KEY, else the
 * account that serves it (read at run time). Deploy and rollback share it so a rollback right
 * after `provision` stores the same key its deploy did, instead of failing at "Store key".
 */
export async function keySourceFor(
  ctx: CommandContext,
  d: DeployServices,
  apiBase: string,
  outputs: Readonly<Record<string, string>> | undefined,
): Promise<KeySource> {
  if (d.source.hasKey) return { ok: true };
  const keyFrom = await accountKeySource(
    apiBase,
    outputs,
    ctx.services.azure,
    ctx.services.lab?.names.resourceGroup,
  );
  return keyFrom ? { ok: true, keyFrom } : { ok: false };
}

/** The plan card's Key row: the secret, and the account its value comes from when not configured. */
export function keyRow(
  d: DeployServices,
  keyFrom: KeyFrom | undefined,
  lang: Lang = 'en',
): [string, string] {
  const t = translator(lang);
  return [
    t('deploy.row.key'),
    t('deploy.keyValue', {
      secret: secretReference(d.secretScope, d.secretKey),
      from: keyFrom ? t('deploy.keyOf', { account: keyFrom.account }) : 'AZURE_OPENAI_API_KEY',
    }),
  ];
}
