import type { Account } from '@azure/arm-cognitiveservices';
import { toAzureError } from './arm-error-mapping';
import { collect, randomSuffix, type ArmContext } from './arm-context';
import { AzureError } from './azure-error';
import type { DeleteOutcome, OpenAIAccountResult, OpenAIAccountSpec } from './azure-provisioner';
import { runLro, type LroControl } from './lro';
import { withProviderRegistration } from './provider-registration';

const NS = 'Microsoft.CognitiveServices';

async function getAccount(ctx: ArmContext, rg: string, name: string): Promise<Account | undefined> {
  try {
    return await ctx.clients.cognitive.accounts.get(rg, name);
  } catch (err) {
    const e = toAzureError(err, { resourceName: name });
    if (e.azureReason === 'not-found') return undefined;
    throw e;
  }
}

/** The soft-deleted account with this resource group and name, if any (its location purges it). */
export async function findDeletedAccount(ctx: ArmContext, rg: string, name: string) {
  try {
    const all = await collect(ctx.clients.cognitive.deletedAccounts.list());
    const suffix = `/resourcegroups/${rg}/deletedaccounts/${name}`.toLowerCase();
    return all.find((a) => a.id?.toLowerCase().endsWith(suffix));
  } catch (err) {
    throw toAzureError(err);
  }
}

function create(
  ctx: ArmContext,
  spec: OpenAIAccountSpec,
  region: string,
  restore: boolean,
  lro: LroControl,
): Promise<Account> {
  const body: Account = {
    location: region,
    kind: 'OpenAI',
    sku: { name: 'S0' },
    tags: { ...(spec.tags ?? {}) },
    properties: {
      customSubDomainName: spec.name,
      publicNetworkAccess: 'Enabled',
      ...(restore ? { restore: true } : {}),
    },
  };
  return withProviderRegistration(ctx, NS, () =>
    runLro(
      (o) => ctx.clients.cognitive.accounts.beginCreate(spec.resourceGroup, spec.name, body, o),
      lro,
      ctx.pollIntervalMs,
      { region, resourceName: spec.name },
    ),
  );
}

const result = (
  a: Account,
  created: boolean,
  restored: boolean,
  skipped: { region: string; code: string }[],
): OpenAIAccountResult => ({
  name: a.name ?? '',
  region: a.location ?? '',
  endpoint: a.properties?.endpoint ?? '',
  created,
  restored,
  skippedRegions: skipped,
});

/**
 * Creates the Azure OpenAI account (kind OpenAI, S0, custom subdomain = name) in the first
 * candidate region that accepts it. A quota refusal moves on to the next region (or, with
 * fallback 'ask', stops and names it); a soft-deleted twin is restored or purged only when the
 * caller chose so; a taken subdomain ends with a proposed new name.
 */
export async function ensureOpenAIAccount(
  ctx: ArmContext,
  spec: OpenAIAccountSpec,
  lro: LroControl = {},
): Promise<OpenAIAccountResult> {
  if (lro.resumeFrom) {
    return result(await create(ctx, spec, spec.regions[0] ?? '', false, lro), true, false, []);
  }
  const existing = await getAccount(ctx, spec.resourceGroup, spec.name);
  if (existing?.properties?.provisioningState === 'Succeeded') {
    return result(existing, false, false, []);
  }
  const regions = existing?.location ? [existing.location] : [...spec.regions];
  const skipped: { region: string; code: string }[] = [];
  for (let i = 0; i < regions.length; i++) {
    const region = regions[i] ?? '';
    try {
      return result(await create(ctx, spec, region, false, lro), !existing, false, skipped);
    } catch (err) {
      const e = toAzureError(err, { region, resourceName: spec.name });
      const next = regions[i + 1];
      if (e.azureReason === 'insufficient-quota') {
        if (next && ctx.regionFallback === 'next-region') {
          skipped.push({ region, code: e.info.code ?? 'InsufficientQuota' });
          continue;
        }
        throw new AzureError(
          e.azureReason,
          e.message,
          { ...e.info, ...(next ? { nextRegion: next } : {}) },
          err,
        );
      }
      if (e.azureReason === 'soft-deleted')
        return fromSoftDeleted(ctx, spec, region, skipped, lro, e);
      if (e.azureReason === 'custom-domain-in-use') {
        const proposedName = `${spec.name}-${randomSuffix(ctx.rng, 4)}`;
        throw new AzureError(e.azureReason, e.message, { ...e.info, proposedName }, err);
      }
      throw e;
    }
  }
  throw new AzureError('insufficient-quota', 'No candidate region accepted the account.', {
    code: skipped[0]?.code ?? 'InsufficientQuota',
  });
}

async function fromSoftDeleted(
  ctx: ArmContext,
  spec: OpenAIAccountSpec,
  region: string,
  skipped: { region: string; code: string }[],
  lro: LroControl,
  cause: AzureError,
): Promise<OpenAIAccountResult> {
  const deleted = await findDeletedAccount(ctx, spec.resourceGroup, spec.name);
  const deletedLocation = deleted?.location ?? region;
  const choice = spec.onSoftDeleted ?? 'fail';
  if (choice === 'restore') {
    return result(await create(ctx, spec, deletedLocation, true, lro), false, true, skipped);
  }
  if (choice === 'purge') {
    await purgeAt(ctx, deletedLocation, spec.resourceGroup, spec.name, {});
    return result(await create(ctx, spec, region, false, lro), true, false, skipped);
  }
  throw new AzureError('soft-deleted', cause.message, { ...cause.info, deletedLocation }, cause);
}

async function purgeAt(
  ctx: ArmContext,
  location: string,
  rg: string,
  name: string,
  lro: LroControl,
) {
  await runLro(
    (o) => ctx.clients.cognitive.deletedAccounts.beginPurge(location, rg, name, o),
    lro,
    ctx.pollIntervalMs,
    { region: location, resourceName: name },
  );
}

/** Deletes the account, which leaves it soft-deleted for 48 h; call `purgeOpenAIAccount` next. */
export async function deleteOpenAIAccount(
  ctx: ArmContext,
  rg: string,
  name: string,
  lro: LroControl = {},
): Promise<DeleteOutcome> {
  if (!lro.resumeFrom && !(await getAccount(ctx, rg, name))) return 'absent';
  await runLro(
    (o) => ctx.clients.cognitive.accounts.beginDelete(rg, name, o),
    lro,
    ctx.pollIntervalMs,
    { resourceName: name },
  );
  return 'deleted';
}

/** Purges the soft-deleted account so its name and subdomain are free; works after the RG is gone. */
export async function purgeOpenAIAccount(
  ctx: ArmContext,
  rg: string,
  name: string,
  lro: LroControl = {},
): Promise<DeleteOutcome> {
  const deleted = await findDeletedAccount(ctx, rg, name);
  if (!deleted?.location) return 'absent';
  await purgeAt(ctx, deleted.location, rg, name, lro);
  return 'deleted';
}

/**
 * key1 of the account, read with ARM `listKeys` (needs `accounts/listKeys/action`). Only the
 * deploy's secret step calls it, at run time; the key never enters an error or a log line.
 */
export async function listAccountKey(ctx: ArmContext, rg: string, name: string): Promise<string> {
  let key1: string | undefined;
  try {
    key1 = (await ctx.clients.cognitive.accounts.listKeys(rg, name)).key1;
  } catch (err) {
    throw toAzureError(err, { resourceName: name });
  }
  if (!key1) {
    throw new AzureError('unexpected', `Azure OpenAI account ${name} returned no key.`, {
      code: 'NoKey',
    });
  }
  return key1;
}
