import type { AzureProvisioner } from '../../services/azure/azure-provisioner';
import type { Operation } from '../../platform/operations/operation';
import { CLEANUP_KIND } from '../provisioning/cleanup-operation';
import { PROVISION_KIND } from '../provisioning/provision-operation';
import type { KeyFrom } from './deploy-params';
import type { DeploySource } from './deploy-services';

/**
 * The outputs of the environment's latest succeeded `provision`, or undefined when there is
 * none or a `cleanup` succeeded after it (its account and deployment are gone then).
 * `operations` is newest first, as `OperationRepository.latest` returns them.
 */
export function provisionedOutputs(
  operations: readonly Operation[],
): Readonly<Record<string, string>> | undefined {
  const last = operations.find(
    (o) => o.state === 'succeeded' && (o.kind === PROVISION_KIND || o.kind === CLEANUP_KIND),
  );
  return last?.kind === PROVISION_KIND ? last.outputs : undefined;
}

/**
 * Fills what configuration leaves out (AZURE_OPENAI_ENDPOINT / _DEPLOYMENT, DEPLOY_MODEL_*)
 * from what `provision` created, so `deploy` right after `provision` needs no restart with new
 * variables. Configured values always win; the provisioned model (output "name version") is
 * used only with the provisioned deployment, since it describes that deployment.
 */
export function withProvisionedDefaults(
  source: DeploySource,
  outputs: Readonly<Record<string, string>> | undefined,
): DeploySource {
  if (!outputs) return source;
  const provisioned = outputs.endpoint?.replace(/\/+$/, '');
  // An endpoint configured elsewhere: nothing provision made describes it.
  if (source.apiBase && provisioned && source.apiBase.replace(/\/+$/, '') !== provisioned) {
    return source;
  }
  const apiBase = source.apiBase ?? provisioned;
  if (source.deploymentName || !outputs.deployment) return { ...source, apiBase };
  const [model, version] = (outputs.model ?? '').split(' ');
  return {
    ...source,
    apiBase,
    deploymentName: outputs.deployment,
    modelName: source.modelName ?? (model || undefined),
    modelVersion: source.modelVersion ?? (source.modelName ? undefined : version || undefined),
  };
}

const trimmed = (url: string) => url.replace(/\/+$/, '').toLowerCase();

/** The account name an Azure OpenAI endpoint's custom subdomain names, if it has one. */
function subdomainOf(apiBase: string): string | undefined {
  if (!URL.canParse(apiBase)) return undefined;
  const m = /^([a-z0-9-]+)\.(openai|cognitiveservices)\.azure\.com$/i.exec(
    new URL(apiBase).hostname,
  );
  return m?.[1]?.toLowerCase();
}

/**
 * Where `deploy` reads the Azure OpenAI key when AZURE_OPENAI_API_KEY is not set: the account
 * `provision` created when it serves `apiBase`, else an account of the environment's resource
 * group whose subdomain is `apiBase`'s host. Only names are returned: the key itself is read
 * by the secret step at run time. Undefined when no such account is known (ask for the key).
 */
export async function accountKeySource(
  apiBase: string,
  outputs: Readonly<Record<string, string>> | undefined,
  azure: AzureProvisioner | undefined,
  resourceGroup: string | undefined,
): Promise<KeyFrom | undefined> {
  if (!azure || !resourceGroup) return undefined;
  if (outputs?.account && outputs.endpoint && trimmed(outputs.endpoint) === trimmed(apiBase)) {
    return { resourceGroup, account: outputs.account };
  }
  const sub = subdomainOf(apiBase);
  if (!sub) return undefined;
  const inventory = await azure.listInventory(resourceGroup).catch(() => undefined);
  const found = inventory?.items.find(
    (i) => i.kind === 'openai-account' && i.name.toLowerCase() === sub,
  );
  return found ? { resourceGroup, account: found.name } : undefined;
}
