import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { ServiceError } from '../services/errors';

type ClaimsIdentity = Parameters<
  ConfigurationBotFrameworkAuthentication['createConnectorFactory']
>[0];
type ConnectorFactory = ReturnType<
  ConfigurationBotFrameworkAuthentication['createConnectorFactory']
>;

/** The part of @azure/core-rest-pipeline's policy contract the deadline uses. */
interface PipelineRequest {
  abortSignal?: AbortSignal | undefined;
}
interface PipelinePolicy {
  name: string;
  sendRequest(request: PipelineRequest, next: (r: PipelineRequest) => Promise<unknown>): unknown;
}
/** The connector client's core-client ServiceClient (`private client` in botbuilder's types). */
interface WithPipeline {
  client?: {
    pipeline?: {
      addPolicy?: (policy: PipelinePolicy, options?: { afterPhase?: 'Retry' }) => void;
    };
  };
}

const POLICY = 'llmopsConnectorDeadline';

function deadlinePolicy(timeoutMs: number): PipelinePolicy {
  return {
    name: POLICY,
    async sendRequest(request, next) {
      // Not AbortSignal.timeout: its timer cannot be cleared, so every reply left one armed (with
      // a weak ref and a finalizer) for the whole deadline, thousands at a time under load.
      const deadline = new AbortController();
      const timer = setTimeout(() => {
        deadline.abort(new DOMException('The operation timed out.', 'TimeoutError'));
      }, timeoutMs);
      timer.unref();
      const outer = request.abortSignal;
      request.abortSignal = outer ? AbortSignal.any([outer, deadline.signal]) : deadline.signal;
      try {
        return await next(request);
      } catch (err) {
        if (!deadline.signal.aborted) throw err;
        throw new ServiceError('Teams', 'timeout', `Teams did not answer within ${timeoutMs} ms.`, {
          cause: err,
        });
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/**
 * Calls `onThrottled` for each 429 Teams answers. It sits after the client's retry phase, so it
 * sees every attempt, including the 429s the client's own throttling retry waits out.
 */
function throttledPolicy(onThrottled: () => void): PipelinePolicy {
  return {
    name: 'llmopsConnectorThrottled',
    async sendRequest(request, next) {
      const response = await next(request);
      if ((response as { status?: unknown } | undefined)?.status === 429) onThrottled();
      return response;
    },
  };
}

/**
 * Bot Framework auth whose connector clients (replies, updates, proactive sends, new channel
 * posts) give every call to a serviceUrl one deadline. botbuilder's client has none: a
 * serviceUrl that accepts the connection and never answers held an inbound request for more
 * than 20 minutes. botbuilder replaces `requestPolicyFactories` from the client options with
 * its own, so the policy is added to each new client's pipeline instead; it has no phase, so it
 * runs outside the client's retry policy and the deadline covers the retries too.
 */
export class DeadlineBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  constructor(
    options: ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[0],
    private readonly timeoutMs: number,
    /** Telemetry: each 429 from a serviceUrl (replies and proactive sends alike). */
    private readonly onThrottled?: () => void,
  ) {
    super(options);
  }

  /** Inbound turns: the connector factory comes with the authentication result. */
  override async authenticateRequest(
    ...args: Parameters<ConfigurationBotFrameworkAuthentication['authenticateRequest']>
  ): ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']> {
    const result = await super.authenticateRequest(...args);
    const factory = result.connectorFactory;
    return factory ? { ...result, connectorFactory: this.withDeadline(factory) } : result;
  }

  /** Proactive sends and new channel posts. */
  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.withDeadline(super.createConnectorFactory(claimsIdentity));
  }

  private withDeadline(inner: ConnectorFactory): ConnectorFactory {
    const { timeoutMs, onThrottled } = this;
    return {
      async create(serviceUrl: string, audience?: string) {
        const client = await inner.create(serviceUrl, audience);
        const pipeline = (client as unknown as WithPipeline).client?.pipeline;
        // Pinned botbuilder; if an upgrade moves the pipeline, fail loudly rather than lose the
        // deadline without a word (the stalled-serviceUrl test fails too).
        if (typeof pipeline?.addPolicy !== 'function') {
          throw new Error('botbuilder connector client has no pipeline for the deadline policy');
        }
        pipeline.addPolicy(deadlinePolicy(timeoutMs));
        if (onThrottled) pipeline.addPolicy(throttledPolicy(onThrottled), { afterPhase: 'Retry' });
        return client;
      },
    };
  }
}

/**
 * True when the error is a failed call to the turn's own serviceUrl (no answer in time, refused,
 * or an error status). Without an app id the serviceUrl is whatever the caller sent, so this is
 * the caller's problem, logged at warn; and telling the user about it would only fail again.
 */
export function isConnectorFailure(err: unknown, serviceUrl: string | undefined): boolean {
  if (err instanceof ServiceError) return err.service === 'Teams';
  const e = err as { name?: unknown; request?: { url?: unknown } } | undefined;
  const url = e?.request?.url;
  return (
    e?.name === 'RestError' &&
    typeof url === 'string' &&
    serviceUrl !== undefined &&
    url.startsWith(serviceUrl.replace(/\/+$/, ''))
  );
}

/** The log fields of a connector failure: what went wrong, never a stack. */
export function connectorFailureFields(err: unknown): Record<string, unknown> {
  const e = err as { message?: unknown; statusCode?: unknown; code?: unknown };
  return {
    reason: typeof e.message === 'string' ? e.message : String(err),
    ...(typeof e.statusCode === 'number' ? { status: e.statusCode } : {}),
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
  };
}
