import type { HttpObserver } from '../../services/http/http-observer';

/** How a turn ended, as counted: answered, failed, over its deadline, or refused. */
export type TurnOutcome = 'ok' | 'error' | 'timeout' | 'denied';

/**
 * What a turn is counted as. The bot creates it with the activity's type and fills in the
 * command and the outcome as it learns them; the telemetry reads it when the turn ends.
 */
export interface TurnRecord {
  command: string;
  outcome: TurnOutcome;
}

/** The gauges read from the store at collection time. */
export type GaugeName = 'outboxDepth' | 'outboxOldestAge' | 'operationsRunning';

/** A gauge's reading; undefined when it cannot be read now (the sample is skipped). */
export type GaugeRead = () => Promise<number | undefined>;

/** The Prometheus text behind GET /metrics. */
export interface MetricsText {
  readonly contentType: string;
  text(): Promise<string>;
}

/**
 * Traces and metrics, whichever exporters are on. Threaded through constructors from the
 * composition root; `noTelemetry` when neither Application Insights nor /metrics is configured.
 */
export interface Telemetry extends HttpObserver {
  /** Runs a turn inside its span (outbound calls become its children), then counts it. */
  turn<T>(record: TurnRecord, fn: () => Promise<T>): Promise<T>;
  /** How late a scheduled job started after its slot. */
  schedulerLag(ms: number): void;
  /** Registers a gauge read at collection time; a failing or slow read skips the sample. */
  gauge(name: GaugeName, read: GaugeRead): void;
  /** Set when METRICS_ENABLED: what GET /metrics answers. */
  readonly metrics: MetricsText | undefined;
  /** Exports what is buffered and stops the exporters, within a bounded time. */
  shutdown(): Promise<void>;
}

/** The default: no span, no count, and no telemetry library loaded. */
export const noTelemetry: Telemetry = {
  turn: (_record, fn) => fn(),
  clientSpan: (_name, _attributes, fn) => fn(() => undefined),
  throttled: () => undefined,
  schedulerLag: () => undefined,
  gauge: () => undefined,
  metrics: undefined,
  shutdown: () => Promise.resolve(),
};

export interface MetricSpec {
  readonly name: string;
  readonly help: string;
  readonly labels: readonly string[];
  /** Histogram bucket bounds (seconds). */
  readonly buckets?: readonly number[];
}

/** Every metric, under the same name and labels in Prometheus and in Application Insights. */
export const METRICS = {
  turns: {
    name: 'llmops_turns_total',
    help: 'Turns handled, by command and outcome (ok, error, timeout, denied).',
    labels: ['command', 'outcome'],
  },
  turnSeconds: {
    name: 'llmops_turn_duration_seconds',
    help: 'How long a turn took, from the activity to the last reply, by command.',
    labels: ['command'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
  },
  throttled: {
    name: 'llmops_throttled_total',
    help: 'HTTP 429 answers received, by service (teams, arm, databricks, mlflow, llm).',
    labels: ['service'],
  },
  schedulerLag: {
    name: 'llmops_scheduler_lag_seconds',
    help: 'How late a scheduled job started after its due time.',
    labels: [],
    buckets: [0.5, 1, 2, 5, 10, 30, 60, 300, 3600],
  },
  outboxDepth: {
    name: 'llmops_outbox_depth',
    help: 'Proactive messages waiting to be sent or being sent.',
    labels: [],
  },
  outboxOldestAge: {
    name: 'llmops_outbox_oldest_pending_age_seconds',
    help: 'Age of the oldest proactive message not yet sent (0 when none).',
    labels: [],
  },
  operationsRunning: {
    name: 'llmops_operations_running',
    help: 'Operations (deploy, provision, cleanup) running now.',
    labels: [],
  },
} as const satisfies Record<string, MetricSpec>;

/** Where each metric goes: Prometheus, Application Insights, or both. */
export interface MetricSink {
  turn(command: string, outcome: TurnOutcome, seconds: number): void;
  throttled(service: string): void;
  schedulerLag(seconds: number): void;
  gauge(name: GaugeName, read: GaugeRead): void;
}

/** How long a gauge may take to read before the sample is skipped (a scrape must not hang). */
export const GAUGE_READ_TIMEOUT_MS = 2_000;

/** `read()`, or undefined when it fails or takes longer than the timeout. */
export async function guardedRead(
  read: GaugeRead,
  timeoutMs = GAUGE_READ_TIMEOUT_MS,
): Promise<number | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), timeoutMs);
  });
  try {
    return await Promise.race([read().catch(() => undefined), late]);
  } finally {
    clearTimeout(timer);
  }
}
