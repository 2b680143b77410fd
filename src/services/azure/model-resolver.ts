import type { Model } from '@azure/arm-cognitiveservices';
import { toAzureError } from './arm-error-mapping';
import { collect, type ArmContext } from './arm-context';
import { AzureError } from './azure-error';
import type { DeploymentSku, RegionPlan, ResolvedModel } from './azure-provisioner';

const USABLE_LIFECYCLE = new Set(['generallyavailable', 'stable']);
const SKU_ORDER: DeploymentSku[] = ['Standard', 'GlobalStandard'];
const DAY_MS = 86_400_000;

type Pick = { model: ResolvedModel } | { why: 'absent' | 'retiring' };

/**
 * Picks the first preferred model a region can deploy for the lab's lifetime: generally
 * available, not retiring within `minLifetimeDays`, offered as Standard or GlobalStandard.
 * Retired models (all gpt-35-turbo versions) therefore never come out of here.
 */
export function pickModel(
  region: string,
  catalog: readonly Model[],
  preferences: readonly string[],
  horizon: Date,
): Pick {
  let why: 'absent' | 'retiring' = 'absent';
  for (const name of preferences) {
    const versions = catalog
      .map((m) => m.model)
      .filter((m) => m?.name === name)
      .sort((a, b) => Number(b?.isDefaultVersion) - Number(a?.isDefaultVersion));
    for (const m of versions) {
      if (!m?.version) continue;
      why = 'retiring';
      const retires = m.deprecation?.inference;
      if (!USABLE_LIFECYCLE.has((m.lifecycleStatus ?? '').toLowerCase())) continue;
      if (retires && Date.parse(retires) <= horizon.getTime()) continue;
      const skus = SKU_ORDER.filter((s) =>
        (m.skus ?? []).some(
          (k) =>
            k.name === s && (!k.deprecationDate || k.deprecationDate.getTime() > horizon.getTime()),
        ),
      );
      if (skus.length === 0) continue;
      return { model: { name, version: m.version, region, skus, retiresOn: retires } };
    }
  }
  return { why };
}

/**
 * The models a region's catalogue can deploy for the lab's lifetime, the preferred ones first:
 * what an error about an unusable model suggests instead (never a model the region lacks).
 */
export function deployableNames(
  catalogs: readonly (readonly Model[])[],
  preferences: readonly string[],
  horizon: Date,
): string[] {
  const names = new Set<string>();
  for (const catalog of catalogs) {
    for (const m of catalog) if (m.model?.name) names.add(m.model.name);
  }
  const rank = (n: string) =>
    preferences.includes(n) ? preferences.indexOf(n) : preferences.length;
  return [...names]
    .filter((n) => catalogs.some((c) => 'model' in pickModel('', c, [n], horizon)))
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .slice(0, 5);
}

/** Region and model context for an error about a model, with what the region offers instead. */
export async function modelContext(
  ctx: ArmContext,
  region: string,
  model: string,
): Promise<{ region: string; model: string; offered?: string[] }> {
  const catalog = await catalogOf(ctx, region).catch(() => undefined);
  return {
    region,
    model,
    ...(catalog ? { offered: deployableNames([catalog], ctx.preferences, horizonOf(ctx)) } : {}),
  };
}

async function catalogOf(ctx: ArmContext, region: string): Promise<Model[]> {
  try {
    return await collect(ctx.clients.cognitive.models.list(region));
  } catch (err) {
    throw toAzureError(err, { region });
  }
}

const horizonOf = (ctx: ArmContext) => new Date(ctx.now().getTime() + ctx.minLifetimeDays * DAY_MS);

/** Resolves the model to deploy in one region from its live catalogue. */
export async function resolveModel(
  ctx: ArmContext,
  region: string,
  preferences: readonly string[] = ctx.preferences,
): Promise<ResolvedModel> {
  const catalog = await catalogOf(ctx, region);
  const pick = pickModel(region, catalog, preferences, horizonOf(ctx));
  if ('model' in pick) return pick.model;
  const offered = deployableNames([catalog], ctx.preferences, horizonOf(ctx));
  throw new AzureError(
    pick.why === 'retiring'
      ? 'model-deprecated'
      : preferences.length === 1
        ? 'model-not-supported'
        : 'no-deployable-model',
    `No deployable model among ${preferences.join(', ')} in ${region}.`,
    { region, model: preferences.join(', '), offered },
  );
}

function shuffle<T>(items: T[], rng: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

/**
 * Chooses the model and the candidate regions: those of the configured regions whose catalogue
 * offers it and whose free quota (modelCapacities) covers the capacity, in random order (rng),
 * so labs spread over regions. Models are tried in preference order.
 */
export async function planRegions(
  ctx: ArmContext,
  preferences: readonly string[] = ctx.preferences,
  regions: readonly string[] = ctx.regions,
): Promise<RegionPlan> {
  const horizon = horizonOf(ctx);
  const catalogs = new Map<string, Model[]>();
  for (const region of regions) catalogs.set(region, await catalogOf(ctx, region));
  let sawQuotaShortage = false;
  let sawRetiring = false;
  for (const name of preferences) {
    const resolved = new Map<string, ResolvedModel>();
    for (const [region, catalog] of catalogs) {
      const pick = pickModel(region, catalog, [name], horizon);
      if ('model' in pick) resolved.set(region, pick.model);
      else if (pick.why === 'retiring') sawRetiring = true;
    }
    const capacity = new Map<string, number>();
    for (const version of new Set([...resolved.values()].map((m) => m.version))) {
      try {
        for await (const c of ctx.clients.cognitive.modelCapacities.list('OpenAI', name, version)) {
          const loc = c.location?.toLowerCase().replace(/\s+/g, '');
          if (loc && c.properties?.skuName) {
            capacity.set(`${loc}|${c.properties.skuName}`, c.properties.availableCapacity ?? 0);
          }
        }
      } catch (err) {
        throw toAzureError(err);
      }
    }
    const candidates: { region: string; sku: DeploymentSku; availableCapacity: number }[] = [];
    const excluded: { region: string; why: 'model-unavailable' | 'no-quota' }[] = [];
    for (const region of regions) {
      const m = resolved.get(region);
      const sku = m?.skus.find((s) => (capacity.get(`${region}|${s}`) ?? 0) >= ctx.capacity);
      if (m && sku) {
        candidates.push({ region, sku, availableCapacity: capacity.get(`${region}|${sku}`) ?? 0 });
      } else excluded.push({ region, why: m ? 'no-quota' : 'model-unavailable' });
    }
    if (candidates.length > 0) {
      const model = resolved.get(candidates[0]?.region ?? '');
      return {
        model: { name, version: model?.version ?? '' },
        candidates: shuffle(candidates, ctx.rng),
        excluded,
      };
    }
    if (resolved.size > 0) sawQuotaShortage = true;
  }
  if (sawQuotaShortage) {
    throw new AzureError('insufficient-quota', 'No configured region has quota for the model.', {
      code: 'InsufficientQuota',
    });
  }
  // Name the model asked for and what these regions' catalogues do offer, not a fixed list.
  const offered = deployableNames([...catalogs.values()], ctx.preferences, horizon);
  throw new AzureError(
    sawRetiring
      ? 'model-deprecated'
      : preferences.length === 1
        ? 'model-not-supported'
        : 'no-deployable-model',
    `None of ${preferences.join(', ')} is deployable in ${regions.join(', ')}.`,
    {
      model: preferences.join(', '),
      offered,
      ...(regions.length === 1 && regions[0] ? { region: regions[0] } : {}),
    },
  );
}
