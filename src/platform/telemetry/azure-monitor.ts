import path from 'node:path';
import type { Attributes, Histogram, Meter, Tracer } from '@opentelemetry/api';
import type { AzureMonitorOpenTelemetryOptions } from '@azure/monitor-opentelemetry';
import type { HttpInstrumentationConfig } from '@opentelemetry/instrumentation-http';
import type { SpanAttributes } from '../../services/http/http-observer';
import {
  guardedRead,
  METRICS,
  type GaugeName,
  type GaugeRead,
  type MetricSink,
  type TurnOutcome,
  type TurnRecord,
} from './telemetry';

const NO_STATSBEAT = 'APPLICATION_INSIGHTS_NO_STATSBEAT';
/** Incoming requests that are not turns: health probes and scrapes, every few seconds. */
const UNTRACED_PATHS = new Set(['/healthz', '/readyz', '/metrics']);
/** HTTP span attributes that hold a URL or its query, rewritten without the query. */
const URL_ATTRIBUTES = ['http.url', 'url.full', 'http.target'];

/** The address without query string or user info: a query may carry a signature or a token. */
export function withoutQuery(url: string): string {
  const cut = url.search(/[?#]/);
  const bare = cut === -1 ? url : url.slice(0, cut);
  return bare.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1');
}

/**
 * Application Insights through the Azure Monitor OpenTelemetry distro: turn spans with the
 * outbound calls as children (Azure SDK clients and node http by the distro's instrumentations,
 * fetch-based clients through `clientSpan`), and our metrics. Required only when
 * APPLICATIONINSIGHTS_CONNECTION_STRING is set: it loads a few hundred modules.
 */
export class AzureMonitor implements MetricSink {
  private readonly api: typeof import('@opentelemetry/api');
  private readonly distro: typeof import('@azure/monitor-opentelemetry');
  private readonly tracer: Tracer;
  private readonly meter: Meter;
  private readonly turnCount;
  private readonly turnSeconds: Histogram;
  private readonly throttledCount;
  private readonly lag: Histogram;

  constructor(connectionString: string, service: { name: string; version: string }) {
    // Statsbeat (the SDK's usage metrics about itself) goes to Microsoft's own ingestion
    // resources, not to ours; the exporter takes this switch from the environment only.
    process.env[NO_STATSBEAT] = 'true';
    this.distro =
      require('@azure/monitor-opentelemetry') as typeof import('@azure/monitor-opentelemetry');
    const { resourceFromAttributes } =
      require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
    this.distro.useAzureMonitor(
      distroOptions(
        connectionString,
        resourceFromAttributes({
          'service.name': service.name,
          'service.version': service.version,
        }),
      ),
    );
    stopRemoteSettings();
    // The http instrumentation patches `http`/`https` when they are next required; the server
    // and the Bot Connector client loaded them before the distro started.
    require('node:http');
    require('node:https');
    // After useAzureMonitor, which replaces the API's global providers.
    this.api = require('@opentelemetry/api') as typeof import('@opentelemetry/api');
    this.tracer = this.api.trace.getTracer(service.name, service.version);
    this.meter = this.api.metrics.getMeter(service.name, service.version);
    const m = METRICS;
    this.turnCount = this.meter.createCounter(m.turns.name, { description: m.turns.help });
    this.turnSeconds = this.meter.createHistogram(m.turnSeconds.name, {
      description: m.turnSeconds.help,
      unit: 's',
      advice: { explicitBucketBoundaries: [...m.turnSeconds.buckets] },
    });
    this.throttledCount = this.meter.createCounter(m.throttled.name, {
      description: m.throttled.help,
    });
    this.lag = this.meter.createHistogram(m.schedulerLag.name, {
      description: m.schedulerLag.help,
      unit: 's',
      advice: { explicitBucketBoundaries: [...m.schedulerLag.buckets] },
    });
  }

  /** The turn's span is active while `fn` runs, so every outbound call is its child. */
  turnSpan<T>(record: TurnRecord, fn: () => Promise<T>): Promise<T> {
    const { SpanStatusCode } = this.api;
    return this.tracer.startActiveSpan('turn', async (span) => {
      const started = performance.now();
      try {
        return await fn();
      } finally {
        span.updateName(`turn ${record.command}`);
        span.setAttributes({
          'llmops.command': record.command,
          'llmops.outcome': record.outcome,
          'llmops.duration_ms': Math.round(performance.now() - started),
        });
        if (record.outcome === 'error') span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      }
    });
  }

  clientSpan<T>(
    name: string,
    attributes: SpanAttributes,
    fn: (end: (attributes: SpanAttributes) => void) => Promise<T>,
  ): Promise<T> {
    const { SpanKind, SpanStatusCode } = this.api;
    return this.tracer.startActiveSpan(
      name,
      { kind: SpanKind.CLIENT, attributes },
      async (span) => {
        try {
          return await fn((more) => span.setAttributes(more));
        } catch (err) {
          // The type only: an error's message may quote what the peer answered.
          span.setAttribute('error.type', err instanceof Error ? err.name : 'Error');
          span.setStatus({ code: SpanStatusCode.ERROR });
          throw err;
        } finally {
          span.end();
        }
      },
    );
  }

  turn(command: string, outcome: TurnOutcome, seconds: number): void {
    this.turnCount.add(1, { command, outcome });
    this.turnSeconds.record(seconds, { command });
  }

  throttled(service: string): void {
    this.throttledCount.add(1, { service });
  }

  schedulerLag(seconds: number): void {
    this.lag.record(seconds);
  }

  /** Observed at each export; a failed or slow read skips the sample. */
  gauge(name: GaugeName, read: GaugeRead): void {
    const spec = METRICS[name];
    this.meter
      .createObservableGauge(spec.name, { description: spec.help })
      .addCallback(async (result) => {
        const value = await guardedRead(read);
        if (value !== undefined) result.observe(value);
      });
  }

  /** Exports what is buffered (spans and a last collection of metrics) and stops. */
  shutdown(): Promise<void> {
    return this.distro.shutdownAzureMonitor();
  }
}

function distroOptions(
  connectionString: string,
  resource: NonNullable<AzureMonitorOpenTelemetryOptions['resource']>,
): AzureMonitorOpenTelemetryOptions {
  const off = { enabled: false };
  // The distro hands this object to the http instrumentation as is (its type is narrower).
  const http: HttpInstrumentationConfig = {
    enabled: true,
    ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.has(withoutQuery(req.url ?? '')),
    applyCustomAttributesOnSpan: (span, request) => {
      // An incoming request's span is named by its method only; the path says which route.
      if ('url' in request && typeof request.url === 'string') {
        span.updateName(`${request.method ?? ''} ${withoutQuery(request.url)}`.trim());
      }
      const attributes = (span as unknown as { attributes?: Attributes }).attributes ?? {};
      for (const key of URL_ATTRIBUTES) {
        const value = attributes[key];
        if (typeof value === 'string') span.setAttribute(key, withoutQuery(value));
      }
    },
  };
  return {
    // Failed exports are dropped, not written to a temp folder for later.
    azureMonitorExporterOptions: { connectionString, disableOfflineStorage: true },
    resource,
    // Every turn: a bot's traffic is low, and a sampled-out turn is the one someone asks about.
    samplingRatio: 1,
    tracesPerSecond: 0,
    // Live metrics call a Microsoft endpoint of their own; everything else goes to ingestion.
    enableLiveMetrics: false,
    instrumentationOptions: {
      azureSdk: { enabled: true },
      http,
      // One span per SQL statement would drown the turns; log instrumentations are not used.
      postgreSql: off,
      mySql: off,
      mongoDb: off,
      redis: off,
      redis4: off,
      bunyan: off,
      winston: off,
      console: off,
    },
  };
}

/**
 * The exporter polls a Microsoft settings service (OneSettings) for feature flags, 5 to 15 s
 * after it starts, with no option to turn it off. Nothing but the configured ingestion
 * endpoint may be called, so its worker is stopped before its first poll. The manager is
 * internal to the exporter; if a later version moves it, this does nothing (no crash).
 */
function stopRemoteSettings(): void {
  try {
    const distro = require.resolve('@azure/monitor-opentelemetry');
    const exporter = require.resolve('@azure/monitor-opentelemetry-exporter', { paths: [distro] });
    const file = path.join(path.dirname(exporter), '_configuration', 'configurationManager.js');
    const { ConfigurationManager } = require(file) as {
      ConfigurationManager?: { getInstance(): { shutdown(): void } };
    };
    ConfigurationManager?.getInstance().shutdown();
  } catch {
    // Not where this version keeps it: nothing to stop.
  }
}
