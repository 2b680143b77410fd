import { AzureError, type AzureErrorInfo, type AzureErrorReason } from './azure-error';

/** Header our retry-after cap policy leaves when it refuses to wait (see arm-clients.ts). */
export const CAPPED_RETRY_AFTER_HEADER = 'x-llmops-retry-after-ms';

interface ArmErrorShape {
  code?: string;
  message?: string;
  details?: { code?: string; message?: string }[];
}

const BY_CODE: Record<string, AzureErrorReason> = {
  insufficientquota: 'insufficient-quota',
  quotaexceeded: 'insufficient-quota',
  subscriptionisoverquotaforsku: 'insufficient-quota',
  specialfeatureorquotaidrequired: 'quota-id-required',
  flagmustbesetforrestore: 'soft-deleted',
  customdomaininuse: 'custom-domain-in-use',
  deploymentmodelnotsupported: 'model-not-supported',
  servicemodeldeprecated: 'model-deprecated',
  servicemodeldeprecating: 'model-deprecated',
  invalidresourceproperties: 'invalid-sku',
  authorizationfailed: 'authorization-failed',
  missingsubscriptionregistration: 'provider-not-registered',
  applianceprovisioningfailed: 'managed-rg-exists',
  resourceoperationfailure: 'provisioning-failed',
  toomanyrequests: 'throttled',
  subscriptionrequeststhrottled: 'throttled',
  resourcenotfound: 'not-found',
  resourcegroupnotfound: 'not-found',
  notfound: 'not-found',
  authenticationfailed: 'authentication-failed',
  invalidauthenticationtoken: 'authentication-failed',
};

const LRO_FAILED = /^The long-running operation has failed\. ([A-Za-z]+)\. ?([\s\S]*)$/;

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
}

/** The `{error:{...}}` (sync) or `{status:"Failed", error:{...}}` (LRO poll) inside a body. */
function armErrorOf(body: unknown): ArmErrorShape | undefined {
  const error = asRecord(asRecord(body)?.error);
  if (!error) return undefined;
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const details = Array.isArray(error.details) ? (error.details as unknown[]) : [];
  return {
    ...(text(error.code) ? { code: text(error.code) } : {}),
    ...(text(error.message) ? { message: text(error.message) } : {}),
    details: details.map((d) => ({
      code: text(asRecord(d)?.code),
      message: text(asRecord(d)?.message),
    })),
  };
}

function reasonFor(status: number | undefined, e: ArmErrorShape | undefined): AzureErrorReason {
  const direct = e?.code ? BY_CODE[e.code.toLowerCase()] : undefined;
  const inner = (e?.details ?? [])
    .map((d) => (d.code ? BY_CODE[d.code.toLowerCase()] : undefined))
    .find((r) => r !== undefined);
  if (direct && direct !== 'provisioning-failed') return direct;
  if (inner) return inner;
  if (direct) return direct;
  if (status === 429) return 'throttled';
  if (status === 401) return 'authentication-failed';
  if (status === 404) return 'not-found';
  if (status !== undefined && status >= 500) return 'unavailable';
  return 'unexpected';
}

function retryAfterMs(headers: unknown): number | undefined {
  const h = asRecord(headers);
  const get =
    typeof h?.get === 'function' ? (n: string) => (h.get as (n: string) => unknown)(n) : undefined;
  if (!get) return undefined;
  const capped = Number(get(CAPPED_RETRY_AFTER_HEADER));
  if (Number.isFinite(capped) && capped > 0) return capped;
  const seconds = Number(get('retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

/**
 * Turns whatever an SDK call threw into an AzureError. Synchronous failures are RestErrors with
 * the body; LRO failures are plain Errors that lost `details`, so the caller passes the last
 * poll body it kept through `onResponse` (reference §3) and the code survives.
 */
export function toAzureError(
  err: unknown,
  context: { lastBody?: unknown; region?: string; resourceName?: string } = {},
): AzureError {
  if (err instanceof AzureError) return err;
  const e = asRecord(err) ?? {};
  const name = typeof e.name === 'string' ? e.name : '';
  const message = typeof e.message === 'string' ? e.message : String(err);
  if (name === 'CredentialUnavailableError' || name === 'AuthenticationError') {
    return new AzureError(
      'authentication-failed',
      'No Azure credential could get a token.',
      {},
      err,
    );
  }
  const status = typeof e.statusCode === 'number' ? e.statusCode : undefined;
  let arm = armErrorOf(e.details) ?? armErrorOf(context.lastBody);
  const lro = LRO_FAILED.exec(message);
  if (!arm && lro) arm = { code: lro[1] ?? '', message: lro[2] ?? '' };
  if (!arm && typeof e.code === 'string' && status !== undefined) arm = { code: e.code, message };
  if (!arm && status === undefined && name === 'RestError') {
    return new AzureError('unavailable', 'Azure Resource Manager could not be reached.', {}, err);
  }
  const reason = reasonFor(status, arm);
  const armMessage = (arm?.message ?? message).slice(0, 500);
  const detail = arm?.details?.find((d) => d.code && BY_CODE[d.code.toLowerCase()] === reason);
  const info: AzureErrorInfo = {
    ...(detail?.code ? { code: detail.code } : arm?.code ? { code: arm.code } : {}),
    ...(status !== undefined ? { status } : {}),
    ...(context.region ? { region: context.region } : {}),
    ...(context.resourceName ? { resourceName: context.resourceName } : {}),
    armMessage: (detail?.message ?? armMessage).slice(0, 500),
  };
  if (reason === 'authorization-failed') {
    const action = /perform action '([^']+)'/.exec(armMessage)?.[1];
    if (action) info.action = action;
  }
  if (reason === 'provider-not-registered') {
    const ns = /namespace '([^']+)'/.exec(armMessage)?.[1];
    if (ns) info.namespace = ns;
  }
  if (reason === 'throttled') {
    const wait = retryAfterMs(asRecord(e.response)?.headers);
    if (wait !== undefined) info.retryAfterMs = wait;
  }
  return new AzureError(reason, `${info.code ?? 'ARM error'}: ${info.armMessage ?? ''}`, info, err);
}

/** True for errors meaning "it is not there", which teardown treats as already done. */
export const isNotFound = (err: AzureError) => err.azureReason === 'not-found';
