import type { Counter, Histogram, Registry } from 'prom-client';
import {
  guardedRead,
  METRICS,
  type GaugeName,
  type GaugeRead,
  type MetricSink,
  type MetricsText,
  type TurnOutcome,
} from './telemetry';

/**
 * The metrics in a prom-client registry of their own (not the library's global one), for
 * GET /metrics. prom-client is required here, when METRICS_ENABLED, never at a default start.
 */
export class PrometheusSink implements MetricSink, MetricsText {
  private readonly registry: Registry;
  private readonly prom: typeof import('prom-client');
  private readonly turns: Counter<'command' | 'outcome'>;
  private readonly turnSeconds: Histogram<'command'>;
  private readonly throttledCount: Counter<'service'>;
  private readonly lag: Histogram;

  constructor(options: { defaultMetrics?: boolean } = {}) {
    this.prom = require('prom-client') as typeof import('prom-client');
    const { Counter, Histogram, Registry } = this.prom;
    this.registry = new Registry();
    const registers = [this.registry];
    const m = METRICS;
    this.turns = new Counter({ ...spec(m.turns), labelNames: ['command', 'outcome'], registers });
    this.turnSeconds = new Histogram({
      ...spec(m.turnSeconds),
      labelNames: ['command'],
      buckets: [...m.turnSeconds.buckets],
      registers,
    });
    this.throttledCount = new Counter({ ...spec(m.throttled), labelNames: ['service'], registers });
    this.lag = new Histogram({
      ...spec(m.schedulerLag),
      buckets: [...m.schedulerLag.buckets],
      registers,
    });
    // Process memory, CPU and event loop delay: what an operator looks at first.
    if (options.defaultMetrics !== false) {
      this.prom.collectDefaultMetrics({ register: this.registry });
    }
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  turn(command: string, outcome: TurnOutcome, seconds: number): void {
    this.turns.inc({ command, outcome });
    this.turnSeconds.observe({ command }, seconds);
  }

  throttled(service: string): void {
    this.throttledCount.inc({ service });
  }

  schedulerLag(seconds: number): void {
    this.lag.observe(seconds);
  }

  /** Read at each scrape; a failed or slow read gives NaN for that scrape instead of failing it. */
  gauge(name: GaugeName, read: GaugeRead): void {
    const registry = this.registry;
    new this.prom.Gauge({
      ...spec(METRICS[name]),
      registers: [registry],
      async collect() {
        const value = await guardedRead(read);
        // NaN, not 0: "unknown" must not read as "empty" while the store is down.
        this.set(value ?? Number.NaN);
      },
    });
  }
}

const spec = (s: { name: string; help: string }) => ({ name: s.name, help: s.help });
