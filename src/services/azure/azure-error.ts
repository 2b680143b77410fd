import { translator, type Lang, type Translate } from '../../chat/i18n';
import { ServiceError, type ServiceErrorReason } from '../errors';

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
function offerText(i: AzureErrorInfo, t: Translate): string {
  const offered = i.offered ?? [];
  const [first] = offered;
  if (!first) return t('azureErrors.offerNone');
  const models = offered.join(', ');
  return i.region
    ? t('azureErrors.offerRegion', { region: i.region, models, first })
    : t('azureErrors.offerRegions', { models, first });
}

/** The sentence and next step a user reads; exhaustive so a new reason fails the build. */
export function describeAzureError(err: AzureError, lang: Lang = 'en'): string {
  const t = translator(lang);
  const i = err.info;
  // Names and ARM codes are shown as sent, so their quoting is the same in every language.
  const name = i.resourceName ? ` '${i.resourceName}'` : '';
  const code = i.code ? ` (${i.code})` : '';
  const inRegion = i.region ? t('azureErrors.inRegion', { region: i.region }) : '';
  const reason: AzureErrorReason = err.azureReason;
  switch (reason) {
    case 'insufficient-quota':
      return t('azureErrors.insufficientQuota', {
        inRegion,
        retry: i.nextRegion
          ? t('azureErrors.retryIn', { region: i.nextRegion })
          : t('azureErrors.retryOther'),
      });
    case 'quota-id-required':
      return t('azureErrors.quotaIdRequired');
    case 'soft-deleted':
      return t('azureErrors.softDeleted', {
        name,
        location: i.deletedLocation
          ? t('azureErrors.location', { location: i.deletedLocation })
          : '',
      });
    case 'custom-domain-in-use':
      return t('azureErrors.customDomainInUse', {
        name,
        next: i.proposedName
          ? t('azureErrors.tryName', { name: i.proposedName })
          : t('azureErrors.pickName'),
      });
    case 'model-not-supported':
      return t('azureErrors.modelNotSupported', {
        model: i.model ?? t('azureErrors.thatModelOrVersion'),
        where: i.region
          ? t('azureErrors.inNamedRegion', { region: i.region })
          : t('azureErrors.inThisRegion'),
        offer: offerText(i, t),
      });
    case 'model-deprecated':
      return t('azureErrors.modelDeprecated', {
        model: i.model ?? t('azureErrors.thatModel'),
        inRegion,
        offer: offerText(i, t),
      });
    case 'invalid-sku':
      return t('azureErrors.invalidSku');
    case 'no-deployable-model':
      return t('azureErrors.noDeployableModel');
    case 'authorization-failed':
      return t('azureErrors.authorizationFailed', {
        what: i.action
          ? t('azureErrors.performAction', { action: i.action })
          : t('azureErrors.doThis'),
      });
    case 'provider-not-registered':
      return t('azureErrors.providerNotRegistered', {
        namespace: i.namespace ?? t('azureErrors.aProvider'),
      });
    case 'managed-rg-exists':
      return t('azureErrors.managedRgExists');
    case 'provisioning-failed':
      return t('azureErrors.provisioningFailed', { name, code });
    case 'throttled':
      return i.retryAfterMs
        ? t('azureErrors.throttledWait', { seconds: Math.ceil(i.retryAfterMs / 1000) })
        : t('azureErrors.throttled');
    case 'not-found':
      return t('azureErrors.notFound', { name });
    case 'authentication-failed':
      return t('azureErrors.authenticationFailed');
    case 'unavailable':
      return t('azureErrors.unavailable');
    case 'timeout':
      return t('azureErrors.timeout', { duration: i.timeoutMs ?? 0 });
    case 'unexpected':
      return t('azureErrors.unexpected', { code });
    default: {
      const unreachable: never = reason;
      return unreachable;
    }
  }
}
