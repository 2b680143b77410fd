import type { Deployment } from '@azure/arm-cognitiveservices';
import { toAzureError } from './arm-error-mapping';
import { modelContext } from './model-resolver';
import type { ArmContext } from './arm-context';
import { AzureError } from './azure-error';
import type {
  DeleteOutcome,
  DeploymentResult,
  DeploymentSku,
  DeploymentSpec,
} from './azure-provisioner';
import { runLro, type LroControl } from './lro';

async function getDeployment(
  ctx: ArmContext,
  spec: DeploymentSpec,
): Promise<Deployment | undefined> {
  try {
    return await ctx.clients.cognitive.deployments.get(spec.resourceGroup, spec.account, spec.name);
  } catch (err) {
    const e = toAzureError(err, { resourceName: spec.name });
    if (e.azureReason === 'not-found') return undefined;
    throw e;
  }
}

const toResult = (d: Deployment, spec: DeploymentSpec, created: boolean): DeploymentResult => ({
  name: d.name ?? spec.name,
  model: {
    name: d.properties?.model?.name ?? spec.model.name,
    version: d.properties?.model?.version ?? spec.model.version,
  },
  sku: d.sku?.name ?? '',
  capacity: d.sku?.capacity ?? 0,
  created,
});

/**
 * Deploys the model with capacity 5 (5K TPM), no automatic version upgrade and dynamic quota
 * left off (the SDK strips that field anyway). Standard is tried first; when the region does
 * not offer it for this model (InvalidResourceProperties) GlobalStandard is used. An existing
 * deployment of the same model is left untouched.
 */
export async function ensureDeployment(
  ctx: ArmContext,
  spec: DeploymentSpec,
  lro: LroControl = {},
): Promise<DeploymentResult> {
  const capacity = spec.capacity ?? ctx.capacity;
  if (!lro.resumeFrom) {
    const existing = await getDeployment(ctx, spec);
    const m = existing?.properties?.model;
    if (
      existing?.properties?.provisioningState === 'Succeeded' &&
      m?.name === spec.model.name &&
      m.version === spec.model.version
    ) {
      return toResult(existing, spec, false);
    }
  }
  const skus: DeploymentSku[] = [
    ...new Set<DeploymentSku>([spec.sku ?? 'Standard', 'GlobalStandard']),
  ];
  let lastError: unknown;
  for (const sku of skus) {
    const body: Deployment = {
      sku: { name: sku, capacity },
      properties: {
        model: { format: 'OpenAI', name: spec.model.name, version: spec.model.version },
        versionUpgradeOption: 'NoAutoUpgrade',
      },
    };
    try {
      const d = await runLro(
        (o) =>
          ctx.clients.cognitive.deployments.beginCreateOrUpdate(
            spec.resourceGroup,
            spec.account,
            spec.name,
            body,
            o,
          ),
        lro,
        ctx.pollIntervalMs,
        { resourceName: spec.name },
      );
      return toResult(d, spec, true);
    } catch (err) {
      const e = toAzureError(err, { resourceName: spec.name });
      if (e.azureReason === 'insufficient-quota') throw await withRegion(ctx, spec, e);
      if (e.azureReason === 'model-deprecated' || e.azureReason === 'model-not-supported') {
        throw await withModel(ctx, spec, e);
      }
      if (e.azureReason !== 'invalid-sku' || lro.resumeFrom) throw e;
      lastError = e;
    }
  }
  throw lastError;
}

/** Adds the account's region to a quota error so the runner can offer the next region. */
async function withRegion(
  ctx: ArmContext,
  spec: DeploymentSpec,
  e: AzureError,
): Promise<AzureError> {
  const region = await ctx.clients.cognitive.accounts.get(spec.resourceGroup, spec.account).then(
    (a) => a.location,
    () => undefined,
  );
  return region ? new AzureError(e.azureReason, e.message, { ...e.info, region }, e.cause) : e;
}

/** Names the refused model and what the account's region offers instead. */
async function withModel(
  ctx: ArmContext,
  spec: DeploymentSpec,
  e: AzureError,
): Promise<AzureError> {
  const region = await ctx.clients.cognitive.accounts.get(spec.resourceGroup, spec.account).then(
    (a) => a.location?.toLowerCase().replace(/\s+/g, ''),
    () => undefined,
  );
  const model = `${spec.model.name} ${spec.model.version}`;
  const info = region ? await modelContext(ctx, region, model) : { model };
  return new AzureError(e.azureReason, e.message, { ...e.info, ...info }, e.cause);
}

/** Deletes a deployment (synchronous in ARM); absent is success. */
export async function deleteDeployment(
  ctx: ArmContext,
  rg: string,
  account: string,
  name: string,
): Promise<DeleteOutcome> {
  const spec = { resourceGroup: rg, account, name, model: { name: '', version: '' } };
  const existing = await getDeployment(ctx, spec).catch((err: unknown) => {
    const e = toAzureError(err);
    if (e.azureReason === 'not-found') return undefined;
    throw e;
  });
  if (!existing) return 'absent';
  await runLro(
    (o) => ctx.clients.cognitive.deployments.beginDelete(rg, account, name, o),
    {},
    ctx.pollIntervalMs,
    { resourceName: name },
  );
  return 'deleted';
}
