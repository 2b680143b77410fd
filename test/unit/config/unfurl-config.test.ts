import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config';
import { loadUnfurlDomains } from '../../../src/config/unfurl-config';

describe('unfurl configuration', () => {
  it('is on by default, with the hosts of the MLflow and Databricks URLs plus UNFURL_DOMAINS', () => {
    const config = loadConfig({
      MLFLOW_TRACKING_URI: 'http://127.0.0.1:5000',
      DATABRICKS_HOST: 'https://ADB-1.11.azuredatabricks.net/',
      UNFURL_DOMAINS: 'mlflow.contoso.com, *.azuredatabricks.net',
    });
    expect(config.unfurl).toEqual({
      enabled: true,
      domains: [
        '127.0.0.1:5000',
        'adb-1.11.azuredatabricks.net',
        'mlflow.contoso.com',
        '*.azuredatabricks.net',
      ],
      anonymousDetails: false,
    });
    expect(loadConfig({ UNFURL_ENABLED: 'FALSE' }).unfurl.enabled).toBe(false);
  });

  it('refuses a domain that is not a host name, and a non-boolean switch', () => {
    expect(() => loadConfig({ UNFURL_DOMAINS: 'https://x.com/path' })).toThrow(ConfigError);
    expect(() => loadConfig({ UNFURL_ENABLED: 'yes' })).toThrow(/UNFURL_ENABLED/);
  });

  it('gives the package build port-less host names, or none when switched off', () => {
    const env = {
      MLFLOW_TRACKING_URI: 'http://mlflow.contoso.com:5000',
      MLFLOW_UI_URL: 'https://mlflow.contoso.com',
    };
    expect(loadUnfurlDomains(env)).toEqual(['mlflow.contoso.com']);
    expect(loadUnfurlDomains({ ...env, UNFURL_ENABLED: 'false' })).toEqual([]);
  });
});
