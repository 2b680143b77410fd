import type { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { ServiceError } from '../services/errors';

type ConnectorClientOptions = NonNullable<
  ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[4]
>;
type PolicyFactory = Extract<
  NonNullable<ConnectorClientOptions['requestPolicyFactories']>,
  readonly unknown[]
>[number];

/**
 * Connector client options that give every call to a serviceUrl (replies, updates, proactive
 * sends, new channel posts) one deadline. botbuilder's client has none: a serviceUrl that
 * accepts the connection and never answers held an inbound request for more than 20 minutes.
 * The policy sits outside the client's retry policy, so the deadline covers its retries too.
 */
export function connectorDeadline(timeoutMs: number): ConnectorClientOptions {
  const deadline: PolicyFactory = {
    create: (next) => ({
      async sendRequest(request) {
        const timer = AbortSignal.timeout(timeoutMs);
        const outer = request.abortSignal as AbortSignal | undefined;
        request.abortSignal = outer ? AbortSignal.any([outer, timer]) : timer;
        try {
          return await next.sendRequest(request);
        } catch (err) {
          if (!timer.aborted) throw err;
          throw new ServiceError(
            'Teams',
            'timeout',
            `Teams did not answer within ${timeoutMs} ms.`,
            {
              cause: err,
            },
          );
        }
      },
    }),
  };
  return { requestPolicyFactories: [deadline] };
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
