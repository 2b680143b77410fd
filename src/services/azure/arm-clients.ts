import type { CognitiveServicesManagementClient } from '@azure/arm-cognitiveservices';
import type { AzureDatabricksManagementClient } from '@azure/arm-databricks';
import type { ResourceManagementClient } from '@azure/arm-resources';
import type { TokenCredential } from '@azure/core-auth';
import { AzureError } from './azure-error';
import { CAPPED_RETRY_AFTER_HEADER } from './arm-error-mapping';

/** The three real ARM SDK clients the provisioner uses, all pointed at one ARM endpoint. */
export interface ArmClients {
  readonly subscriptionId: string;
  readonly resources: ResourceManagementClient;
  readonly cognitive: CognitiveServicesManagementClient;
  readonly databricks: AzureDatabricksManagementClient;
}

/** ARM's token audience. Pinned because the SDK would otherwise derive it from `endpoint`. */
export const ARM_SCOPE = 'https://management.azure.com/.default';

const RETRY_AFTER_HEADERS = ['retry-after-ms', 'x-ms-retry-after-ms', 'retry-after'];

interface HeaderBag {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
  delete(name: string): void;
}

function retryAfterMs(headers: HeaderBag): number | undefined {
  for (const h of RETRY_AFTER_HEADERS) {
    const v = headers.get(h);
    if (v === undefined) continue;
    const n = Number(v);
    if (Number.isFinite(n)) return h === 'retry-after' ? n * 1000 : n;
    const date = Date.parse(v);
    if (!Number.isNaN(date)) return Math.max(0, date - Date.now());
  }
  return undefined;
}

/**
 * The SDK's throttling retry waits for whatever Retry-After says (even a day). Above the cap we
 * strip the header so the call fails at once as a typed `throttled` error that still carries
 * the wait; below it the SDK's own bounded retry (3 attempts) honours it.
 */
export function capRetryAfter(headers: HeaderBag, status: number, capMs: number): void {
  if (status !== 429 && status !== 503) return;
  const wait = retryAfterMs(headers);
  if (wait === undefined || wait <= capMs) return;
  for (const h of RETRY_AFTER_HEADERS) headers.delete(h);
  headers.set(CAPPED_RETRY_AFTER_HEADER, String(Math.round(wait)));
}

/** Where ARM is and how long a throttled call may be told to wait before it fails instead. */
export interface ArmClientOptions {
  readonly subscriptionId: string | undefined;
  /** AZURE_ARM_ENDPOINT: sovereign clouds or the test fake. */
  readonly armEndpoint: string;
  readonly maxRetryAfterMs: number;
  /** HTTP_TIMEOUT_MS: the deadline of each request, body included. */
  readonly requestTimeoutMs: number;
  /** Telemetry: called for every 429 ARM answers (each attempt of the SDK's own retry). */
  readonly onThrottled?: () => void;
}

/** The pipeline policy type, taken from the client (core-rest-pipeline is not our dependency). */
type PipelinePolicy = Parameters<ResourceManagementClient['pipeline']['addPolicy']>[0];

/**
 * A deadline for each ARM request that covers the whole response. The pipeline's own
 * `request.timeout` is cleared once the headers arrive, so an ARM that sends headers and then
 * stalls (or never answers while the token is fetched) would hang the turn; an abort signal
 * stays armed until the body is read. It sits after the retry policy, which rethrows our
 * (non-RestError) timeout at once instead of repeating a stalled call.
 */
export function deadlinePolicy(timeoutMs: number): PipelinePolicy {
  return {
    name: 'llmopsDeadline',
    sendRequest: async (request, next) => {
      const outer = request.abortSignal;
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutMs);
      const forward = () => controller.abort();
      outer?.addEventListener('abort', forward);
      request.abortSignal = controller.signal;
      try {
        return await next(request);
      } catch (err) {
        if (!timedOut) throw err;
        throw new AzureError(
          'timeout',
          `ARM did not answer ${request.method} within ${timeoutMs} ms.`,
          { timeoutMs },
          err,
        );
      } finally {
        clearTimeout(timer);
        outer?.removeEventListener('abort', forward);
        request.abortSignal = outer;
      }
    },
  };
}

/**
 * Builds the clients with `endpoint` (which, unlike `$host`, really moves every URL) and the
 * pinned ARM scope, so the endpoint can point them at sovereign clouds or the test fake.
 * The credential is the bot's one DefaultAzureCredential (service principal, managed identity
 * in App Service and in tests, or Azure CLI), passed in by the composition root.
 */
export function createArmClients(o: ArmClientOptions, cred: TokenCredential): ArmClients {
  const subscriptionId = o.subscriptionId;
  if (!subscriptionId) {
    throw new AzureError('unexpected', 'AZURE_SUBSCRIPTION_ID is not set.', {
      code: 'NotConfigured',
    });
  }
  // The SDKs (about 100 modules) load here, at the first provisioning step, not at start.
  const { ResourceManagementClient } =
    require('@azure/arm-resources') as typeof import('@azure/arm-resources');
  const { CognitiveServicesManagementClient } =
    require('@azure/arm-cognitiveservices') as typeof import('@azure/arm-cognitiveservices');
  const { AzureDatabricksManagementClient } =
    require('@azure/arm-databricks') as typeof import('@azure/arm-databricks');
  const options = armSdkOptions(o);
  const clients = {
    subscriptionId,
    resources: new ResourceManagementClient(cred, subscriptionId, options),
    cognitive: new CognitiveServicesManagementClient(cred, subscriptionId, options),
    databricks: new AzureDatabricksManagementClient(cred, subscriptionId, options),
  };
  for (const client of [clients.resources, clients.cognitive, clients.databricks]) {
    hardenArmClient(client, o);
  }
  return clients;
}

/** What every ARM SDK client of ours is built with: the endpoint, the pinned scope, 3 retries. */
export function armSdkOptions(o: ArmClientOptions) {
  return {
    endpoint: o.armEndpoint,
    credentialScopes: [ARM_SCOPE],
    retryOptions: { maxRetries: 3 },
  };
}

/** A client whose pipeline takes our policies (every generated ARM client has one). */
interface PipelineOwner {
  pipeline: { addPolicy(policy: PipelinePolicy, options?: { afterPhase?: 'Retry' }): void };
}

/** Adds the per-request deadline and the Retry-After cap to one SDK client. */
export function hardenArmClient(client: PipelineOwner, o: ArmClientOptions): void {
  client.pipeline.addPolicy(deadlinePolicy(o.requestTimeoutMs), { afterPhase: 'Retry' });
  client.pipeline.addPolicy(
    {
      name: 'llmopsRetryAfterCap',
      sendRequest: async (request, next) => {
        const response = await next(request);
        if (response.status === 429) o.onThrottled?.();
        capRetryAfter(response.headers, response.status, o.maxRetryAfterMs);
        return response;
      },
    },
    { afterPhase: 'Retry' },
  );
}
