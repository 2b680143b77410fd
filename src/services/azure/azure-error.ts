import { durationText, ServiceError, type ServiceErrorReason } from '../errors';

/**
 * Why an ARM call failed, one literal per ARM code family the user must understand (issue 3's
 * error list). Kept separate from ServiceErrorReason because each needs its own next step.
 */
export type AzureErrorReason =
  | 'insufficient-quota'
  | 'quota-id-required'
  | 'soft-deleted'
  | 'custom-domain-in-use'
  | 'model-not-supported'
  | 'model-deprecated'
  | 'invalid-sku'
  | 'no-deployable-model'
  | 'authorization-failed'
  | 'provider-not-registered'
  | 'managed-rg-exists'
  | 'provisioning-failed'
  | 'throttled'
  | 'not-found'
  | 'authentication-failed'
  | 'unavailable'
  | 'timeout'
  | 'unexpected';

/** What the bot can tell or propose alongside the reason; never contains a secret. */
export interface AzureErrorInfo {
  /** The ARM code as sent (e.g. `InsufficientQuota`), or the inner code of an LRO failure. */
  code?: string;
  status?: number;
  region?: string;
  /** Next region to try after a quota error, when one is left. */
  nextRegion?: string;
  /** The RBAC action named by AuthorizationFailed. */
  action?: string;
  namespace?: string;
  /** A fresh name when the subdomain is taken. */
  proposedName?: string;
  /** Where a soft-deleted account lives (needed to purge it). */
  deletedLocation?: string;
  resourceName?: string;
  retryAfterMs?: number;
  /** The deadline a call missed (`timeout`). */
  timeoutMs?: number;
  armMessage?: string;
  /** The model (or preference list) that was asked for. */
  model?: string;
  /** Models the region's catalogue (or the configured regions') can deploy instead. */
  offered?: readonly string[];
}

const GENERIC: Record<AzureErrorReason, ServiceErrorReason> = {
  'insufficient-quota': 'conflict',
  'quota-id-required': 'forbidden',
  'soft-deleted': 'conflict',
  'custom-domain-in-use': 'conflict',
  'model-not-supported': 'bad-request',
  'model-deprecated': 'bad-request',
  'invalid-sku': 'bad-request',
  'no-deployable-model': 'not-found',
  'authorization-failed': 'forbidden',
  'provider-not-registered': 'conflict',
  'managed-rg-exists': 'conflict',
  'provisioning-failed': 'server-error',
  throttled: 'rate-limited',
  'not-found': 'not-found',
  'authentication-failed': 'unauthorized',
  unavailable: 'server-error',
  timeout: 'timeout',
  unexpected: 'bad-request',
};

/** A typed ARM failure; `azureReason` drives the user text, the base `reason` the generic handling. */
export class AzureError extends ServiceError {
  constructor(
    readonly azureReason: AzureErrorReason,
    message: string,
    readonly info: AzureErrorInfo = {},
    cause?: unknown,
  ) {
    super('Azure', GENERIC[azureReason], message, {
      ...(info.status !== undefined ? { status: info.status } : {}),
      ...(info.code !== undefined ? { code: info.code } : {}),
      ...(info.retryAfterMs !== undefined ? { retryAfterMs: info.retryAfterMs } : {}),
      cause,
    });
    this.name = 'AzureError';
  }
}

/** What to run instead of an unusable model: one the catalogue offers, or the bot's choice. */
function offerText(i: AzureErrorInfo): string {
  const [first] = i.offered ?? [];
  if (!first) return ' Run `provision` without --model to let the bot choose.';
  const where = i.region ? i.region : 'The configured regions';
  return ` ${where} ${i.region ? 'offers' : 'offer'}: ${(i.offered ?? []).join(', ')}. Run \`provision --model ${first}\`, or \`provision\` without --model to let the bot choose.`;
}

/** The sentence and next step a user reads; exhaustive so a new reason fails the build. */
export function describeAzureError(err: AzureError): string {
  const i = err.info;
  const name = i.resourceName ? ` '${i.resourceName}'` : '';
  const reason: AzureErrorReason = err.azureReason;
  switch (reason) {
    case 'insufficient-quota':
      return `Azure has no quota left for the model${i.region ? ` in ${i.region}` : ''}.${i.nextRegion ? ` Retry in ${i.nextRegion}, or` : ' Try another region, or'} free capacity from other deployments / request more quota.`;
    case 'quota-id-required':
      return 'This subscription cannot create Azure OpenAI resources (its offer type lacks the required quota/feature). Use a different subscription.';
    case 'soft-deleted':
      return `An Azure OpenAI account${name} was deleted recently and is still soft-deleted. Choose restore to bring it back, or purge to free the name${i.deletedLocation ? ` (location ${i.deletedLocation})` : ''}.`;
    case 'custom-domain-in-use':
      return `The subdomain${name} is already taken (possibly by a soft-deleted account).${i.proposedName ? ` Try the name '${i.proposedName}'` : ' Pick another name'}, or purge the deleted account.`;
    case 'model-not-supported':
      return `${i.model ?? 'That model or version'} is not offered ${i.region ? `in ${i.region}` : 'in this region'}.${offerText(i)}`;
    case 'model-deprecated':
      return `${i.model ?? 'That model'} is deprecated or retiring${i.region ? ` in ${i.region}` : ''} and cannot be deployed any more.${offerText(i)}`;
    case 'invalid-sku':
      return 'The deployment SKU is not supported for this model in this region. Use GlobalStandard or another region.';
    case 'no-deployable-model':
      return 'None of the preferred models can be deployed in the configured regions right now. Extend AZURE_OPENAI_MODEL_PREFERENCES or AZURE_REGIONS.';
    case 'authorization-failed':
      return `The bot's identity is not allowed to ${i.action ? `perform '${i.action}'` : 'do this'}. Grant it a role that includes this action (role changes can take a few minutes), then retry.`;
    case 'provider-not-registered':
      return `The subscription is not registered for ${i.namespace ?? 'a resource provider'}. Register it (the bot tries automatically when allowed) and retry.`;
    case 'managed-rg-exists':
      return `The Databricks managed resource group already exists, so the workspace could not be provisioned. Delete the failed workspace and retry; the bot will use a new managed resource group name.`;
    case 'provisioning-failed':
      return `Azure could not provision${name}${i.code ? ` (${i.code})` : ''}. Delete the failed resource and retry; see the audit entry for details.`;
    case 'throttled':
      return `Azure Resource Manager is throttling the bot. Retry${i.retryAfterMs ? ` in ${Math.ceil(i.retryAfterMs / 1000)} s` : ' in a minute'}.`;
    case 'not-found':
      return `The Azure resource${name} does not exist (any more). Run \`status\` to see what is there.`;
    case 'authentication-failed':
      return 'The bot could not sign in to Azure. Check its managed identity, service principal or Azure CLI login.';
    case 'unavailable':
      return 'Azure Resource Manager is unavailable right now. Retry in a few minutes.';
    case 'timeout':
      return `Azure Resource Manager did not answer within ${durationText(i.timeoutMs ?? 0)}. Try again in a minute; if it keeps happening, run \`status\` and check the network to Azure.`;
    case 'unexpected':
      return `Azure rejected the request${i.code ? ` (${i.code})` : ''}. See the audit entry for details, then retry or ask an operator.`;
    default: {
      const unreachable: never = reason;
      return unreachable;
    }
  }
}
