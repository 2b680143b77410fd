import type { SpanAttributes } from '../../services/http/http-observer';
import type { Logger } from '../logging/logger';
// These two require their libraries in their constructors, not when this file loads.
import { AzureMonitor } from './azure-monitor';
import { PrometheusSink } from './prometheus-sink';
import {
  noTelemetry,
  type GaugeName,
  type GaugeRead,
  type MetricSink,
  type MetricsText,
  type Telemetry,
  type TurnRecord,
} from './telemetry';

export interface TelemetryOptions {
  /** APPLICATIONINSIGHTS_CONNECTION_STRING: traces and metrics to Application Insights. */
  readonly connectionString: string | undefined;
  /** METRICS_ENABLED: the Prometheus registry behind GET /metrics. */
  readonly metricsEnabled: boolean;
  /** service.name / service.version of the spans (Application Insights' cloud role). */
  readonly service: { readonly name: string; readonly version: string };
  readonly log: Logger;
  /** Longest wait for the last export at shutdown. */
  readonly flushTimeoutMs?: number;
}

/**
 * The telemetry the configuration asks for. With neither variable set it is `noTelemetry`, and
 * neither prom-client nor the Azure Monitor distro is loaded (idle memory is a tracked target).
 */
export function createTelemetry(o: TelemetryOptions): Telemetry {
  if (!o.connectionString && !o.metricsEnabled) return noTelemetry;
  const sinks: MetricSink[] = [];
  let metrics: MetricsText | undefined;
  if (o.metricsEnabled) {
    const prometheus = new PrometheusSink();
    sinks.push(prometheus);
    metrics = prometheus;
  }
  let monitor: AzureMonitor | undefined;
  if (o.connectionString) {
    monitor = new AzureMonitor(o.connectionString, o.service);
    sinks.push(monitor);
  }
  return new SinkTelemetry(sinks, metrics, monitor, o.log, o.flushTimeoutMs ?? 5_000);
}

/** Counts go to every sink; spans only to Application Insights. */
class SinkTelemetry implements Telemetry {
  constructor(
    private readonly sinks: readonly MetricSink[],
    readonly metrics: MetricsText | undefined,
    private readonly monitor: AzureMonitor | undefined,
    private readonly log: Logger,
    private readonly flushTimeoutMs: number,
  ) {}

  async turn<T>(record: TurnRecord, fn: () => Promise<T>): Promise<T> {
    const started = performance.now();
    const run = async () => {
      try {
        return await fn();
      } catch (err) {
        record.outcome = 'error';
        throw err;
      }
    };
    try {
      return await (this.monitor ? this.monitor.turnSpan(record, run) : run());
    } finally {
      const seconds = (performance.now() - started) / 1000;
      for (const s of this.sinks) s.turn(record.command, record.outcome, seconds);
    }
  }

  clientSpan<T>(
    name: string,
    attributes: SpanAttributes,
    fn: (end: (attributes: SpanAttributes) => void) => Promise<T>,
  ): Promise<T> {
    return this.monitor ? this.monitor.clientSpan(name, attributes, fn) : fn(() => undefined);
  }

  throttled(service: string): void {
    for (const s of this.sinks) s.throttled(service);
  }

  schedulerLag(ms: number): void {
    for (const s of this.sinks) s.schedulerLag(Math.max(0, ms) / 1000);
  }

  gauge(name: GaugeName, read: GaugeRead): void {
    for (const s of this.sinks) s.gauge(name, read);
  }

  /** Bounded: a stopping bot must not hang on an unreachable ingestion endpoint. */
  async shutdown(): Promise<void> {
    if (!this.monitor) return;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), this.flushTimeoutMs);
    });
    try {
      const result = await Promise.race([
        this.monitor.shutdown().then(() => 'done' as const),
        late,
      ]);
      if (result === 'late') {
        this.log.warn({ timeoutMs: this.flushTimeoutMs }, 'telemetry not flushed in time');
      }
    } catch (err) {
      this.log.warn({ err }, 'telemetry flush failed');
    } finally {
      clearTimeout(timer);
    }
  }
}
