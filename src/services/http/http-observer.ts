/**
 * What the composition root plugs into the clients of outside systems so each call becomes a
 * child span of the turn and each 429 is counted. Services cannot import src/platform, where
 * telemetry lives, so they see only this interface; without one they do nothing extra.
 */
export type SpanAttributes = Readonly<Record<string, string | number | boolean>>;

export interface HttpObserver {
  /** Runs one outbound call inside a client span; `end` adds the attributes known afterwards. */
  clientSpan<T>(
    name: string,
    attributes: SpanAttributes,
    fn: (end: (attributes: SpanAttributes) => void) => Promise<T>,
  ): Promise<T>;
  /** One 429 received from `service` ("databricks", "mlflow", "arm", "teams", "llm"). */
  throttled(service: string): void;
}

/**
 * Span attributes for a request to `url`: the address without query string or credentials
 * (a query may carry a signature or a token), in OpenTelemetry's HTTP conventions, which the
 * Azure Monitor exporter turns into an HTTP dependency.
 */
export function requestAttributes(service: string, method: string, url: URL): SpanAttributes {
  return {
    'llmops.service': service,
    'http.request.method': method,
    'url.full': `${url.protocol}//${url.host}${url.pathname}`,
    'server.address': url.hostname,
    ...(url.port ? { 'server.port': Number(url.port) } : {}),
  };
}

/**
 * `fetch` whose every call is a client span (status code or error type recorded), for SDKs
 * that take a fetch (openai). Node's fetch is not seen by the distro's http instrumentation.
 */
export function observedFetch(
  observer: HttpObserver,
  service: string,
  inner: typeof fetch = fetch,
): typeof fetch {
  return (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = (
      init?.method ?? (input instanceof Request ? input.method : 'GET')
    ).toUpperCase();
    return observer.clientSpan(
      `${method} ${url.pathname}`,
      requestAttributes(service, method, url),
      async (end) => {
        const res = await inner(input, init);
        end({ 'http.response.status_code': res.status });
        if (res.status === 429) observer.throttled(service);
        return res;
      },
    );
  };
}
