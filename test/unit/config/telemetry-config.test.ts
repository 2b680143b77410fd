import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config';

const CONNECTION =
  'InstrumentationKey=00000000-0000-4000-8000-000000000001;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/';

describe('telemetry configuration', () => {
  it('is off by default: no Application Insights, no /metrics', () => {
    expect(loadConfig({}).telemetry).toEqual({
      connectionString: undefined,
      metricsEnabled: false,
      metricsToken: undefined,
    });
  });

  it('reads the connection string, METRICS_ENABLED and METRICS_TOKEN', () => {
    const c = loadConfig({
      APPLICATIONINSIGHTS_CONNECTION_STRING: CONNECTION,
      METRICS_ENABLED: 'TRUE',
      METRICS_TOKEN: 'a-long-enough-scrape-token',
    });
    expect(c.telemetry).toEqual({
      connectionString: CONNECTION,
      metricsEnabled: true,
      metricsToken: 'a-long-enough-scrape-token',
    });
  });

  it('refuses a connection string without an instrumentation key, and a short token', () => {
    const env = {
      APPLICATIONINSIGHTS_CONNECTION_STRING: 'IngestionEndpoint=https://example.com/',
      METRICS_ENABLED: 'yes',
      METRICS_TOKEN: 'short',
    };
    const error: unknown = (() => {
      try {
        return loadConfig(env);
      } catch (err) {
        return err;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    const found = (error as ConfigError).problems;
    expect(found).toEqual([
      expect.stringMatching(/^APPLICATIONINSIGHTS_CONNECTION_STRING: /),
      expect.stringMatching(/^METRICS_ENABLED: must be true or false/),
      expect.stringMatching(/^METRICS_TOKEN: must be at least 16 characters/),
    ]);
    expect(found.join('\n')).not.toContain('short');
  });
});
