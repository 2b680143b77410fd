import type { z } from 'zod';
import { optionalBoolean, optionalString } from './env-fields';

/**
 * Variables for traces and metrics. src/config/index.ts spreads `telemetryEnvShape` into its
 * schema and stays the only reader of the environment.
 */

/** The zod shape src/config/index.ts spreads into its environment schema. */
export const telemetryEnvShape = {
  APPLICATIONINSIGHTS_CONNECTION_STRING: optionalString.refine(
    (v) => v === undefined || /(^|;)\s*InstrumentationKey\s*=\s*[0-9a-f-]{36}\s*(;|$)/i.test(v),
    'must be an Application Insights connection string (InstrumentationKey=<guid>;IngestionEndpoint=https://...)',
  ),
  METRICS_ENABLED: optionalBoolean,
  METRICS_TOKEN: optionalString.refine(
    (v) => v === undefined || v.length >= 16,
    'must be at least 16 characters (it is the only guard of a public route)',
  ),
};

type Parsed = {
  [K in keyof typeof telemetryEnvShape]: z.output<(typeof telemetryEnvShape)[K]>;
};

/** Where traces and metrics go, as the composition root uses it. */
export interface TelemetryConfig {
  /** Application Insights: traces and metrics exported through the Azure Monitor distro. */
  readonly connectionString: string | undefined;
  /** GET /metrics in Prometheus text format (404 when false). */
  readonly metricsEnabled: boolean;
  /** When set, /metrics answers only `Authorization: Bearer <token>`. */
  readonly metricsToken: string | undefined;
}

export function telemetryConfigFrom(e: Parsed): TelemetryConfig {
  return {
    connectionString: e.APPLICATIONINSIGHTS_CONNECTION_STRING,
    metricsEnabled: e.METRICS_ENABLED,
    metricsToken: e.METRICS_TOKEN,
  };
}
