import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config';

/** The problems loadConfig reports for an environment, or [] when it is valid. */
function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
}

describe('loadConfig defaults', () => {
  it('uses port 3978 on 127.0.0.1, ./.data resolved, and no auth', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3978);
    expect(c.host).toBe('127.0.0.1');
    expect(c.dataDir).toBe(path.resolve('./.data'));
    expect(path.isAbsolute(c.dataDir)).toBe(true);
    expect(c.nodeEnv).toBe('development');
    expect(c.logLevel).toBe('info');
    expect(c.maxBodyBytes).toBe(262_144);
    expect(c.httpTimeoutMs).toBe(15_000);
    expect(c.bot).toEqual({
      appId: undefined,
      appPassword: undefined,
      appType: 'SingleTenant',
      tenantId: undefined,
    });
    expect(c.admins).toEqual({ aadObjectIds: [], groupIds: [] });
    expect(c.azure.armEndpoint).toBe('https://management.azure.com');
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('is silent by default under NODE_ENV=test and treats blank values as unset', () => {
    const c = loadConfig({ NODE_ENV: 'test', PORT: '  ', DATA_DIR: '', MicrosoftAppId: ' ' });
    expect(c.logLevel).toBe('silent');
    expect(c.port).toBe(3978);
    expect(c.dataDir).toBe(path.resolve('./.data'));
    expect(c.bot.appId).toBeUndefined();
  });

  it('parses lists, numbers and the app type case-insensitively', () => {
    const c = loadConfig({
      PORT: '0',
      ADMIN_AAD_OBJECT_IDS: ' a , b,,c ',
      MicrosoftAppId: 'id',
      MicrosoftAppType: 'singletenant',
      MicrosoftAppPassword: 'pw',
      MicrosoftAppTenantId: 'tenant',
      DATA_DIR: 'rel/dir',
    });
    expect(c.port).toBe(0);
    expect(c.admins.aadObjectIds).toEqual(['a', 'b', 'c']);
    expect(c.bot.appType).toBe('SingleTenant');
    expect(c.dataDir).toBe(path.resolve('rel/dir'));
  });

  it('polls a retraining run every 15 s unless DRIFT_RETRAIN_POLL_MS says otherwise', () => {
    expect(loadConfig({}).drift.retrainPollMs).toBe(15_000);
    expect(loadConfig({ DRIFT_RETRAIN_POLL_MS: '200' }).drift.retrainPollMs).toBe(200);
  });

  it('accepts a user-assigned managed identity without a password', () => {
    const c = loadConfig({
      MicrosoftAppId: 'client-id',
      MicrosoftAppType: 'UserAssignedMSI',
      MicrosoftAppTenantId: 'tenant',
    });
    expect(c.bot.appType).toBe('UserAssignedMSI');
  });
});

describe('loadConfig validation names the variable', () => {
  it.each([
    ['PORT', { PORT: 'abc' }],
    ['PORT', { PORT: '70000' }],
    ['PORT', { PORT: '3.5' }],
    ['MLFLOW_TRACKING_URI', { MLFLOW_TRACKING_URI: 'not a url' }],
    ['DATABRICKS_HOST', { DATABRICKS_HOST: 'adb-123.azuredatabricks.net' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'verbose' }],
    ['MAX_BODY_BYTES', { MAX_BODY_BYTES: '0' }],
    ['HTTP_TIMEOUT_MS', { HTTP_TIMEOUT_MS: '-1' }],
    ['DRIFT_RETRAIN_POLL_MS', { DRIFT_RETRAIN_POLL_MS: '0' }],
    ['MicrosoftAppType', { MicrosoftAppType: 'Personal' }],
    ['MicrosoftAppId', { NODE_ENV: 'production' }],
    ['MicrosoftAppId', { NODE_ENV: 'Production' }],
    ['MicrosoftAppId', { NODE_ENV: 'prod' }],
    ['MicrosoftAppId', { NODE_ENV: 'PROD', HOST: '127.0.0.1', ALLOW_UNAUTHENTICATED: 'true' }],
    ['HOST', { HOST: '0.0.0.0' }],
    ['HOST', { HOST: '::' }],
    ['HOST', { HOST: '10.0.0.4', NODE_ENV: 'development' }],
    ['HOST', { HOST: 'bot.example.com', ALLOW_UNAUTHENTICATED: 'false' }],
    ['ALLOW_UNAUTHENTICATED', { ALLOW_UNAUTHENTICATED: 'yes' }],
    ['MicrosoftAppPassword', { MicrosoftAppId: 'id', MicrosoftAppTenantId: 't' }],
    [
      'MicrosoftAppTenantId',
      { MicrosoftAppId: 'id', MicrosoftAppPassword: 'pw', MicrosoftAppType: 'SingleTenant' },
    ],
    // SingleTenant is the default type, so the tenant is needed without naming the type too.
    ['MicrosoftAppTenantId', { MicrosoftAppId: 'id', MicrosoftAppPassword: 'pw' }],
    [
      'MicrosoftAppPassword',
      {
        MicrosoftAppId: 'id',
        MicrosoftAppPassword: 'pw',
        MicrosoftAppType: 'UserAssignedMSI',
        MicrosoftAppTenantId: 't',
      },
    ],
  ] as const)('%s: %j', (variable, env) => {
    const found = problems(env);
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((p) => p.startsWith(`${variable}:`))).toBe(true);
  });

  it('reports every bad variable at once, in the error message too', () => {
    let message = '';
    try {
      loadConfig({ PORT: 'x', LOG_LEVEL: 'loud', MLFLOW_TRACKING_URI: '::' });
    } catch (err) {
      message = (err as Error).message;
    }
    for (const v of ['PORT', 'LOG_LEVEL', 'MLFLOW_TRACKING_URI']) expect(message).toContain(v);
  });

  it('refuses a URL without its scheme, which URL parsing alone takes for a scheme "localhost:"', () => {
    expect(problems({ MLFLOW_TRACKING_URI: 'localhost:5000' })).toEqual([
      'MLFLOW_TRACKING_URI: must be an absolute URL with its scheme, such as https://example.com or http://localhost:5000',
    ]);
    expect(problems({ DATABRICKS_HOST: 'adb-1.azuredatabricks.net:443' })).toHaveLength(1);
    expect(loadConfig({ MLFLOW_TRACKING_URI: 'http://localhost:5000' }).mlflow.trackingUri).toBe(
      'http://localhost:5000',
    );
  });

  it('warns about admin ids that are not Entra object ids, and accepts the rest', () => {
    const c = loadConfig({
      ADMIN_AAD_OBJECT_IDS: 'someone@example.com, 11111111-2222-3333-4444-555555555555',
    });
    expect(c.admins.aadObjectIds).toHaveLength(2);
    expect(c.warnings.map((w) => w.text)).toEqual([
      'ADMIN_AAD_OBJECT_IDS: "someone@example.com" is not an Entra object id, so nobody matches it. Use the GUID form, e.g. 00000000-0000-0000-0000-000000000000 (`whoami` shows a user\'s id).',
    ]);
    expect(loadConfig({}).warnings).toEqual([]);
  });

  it('never puts a secret value into the error', () => {
    const secret = 'sup3r-s3cret-value';
    const found = problems({
      MicrosoftAppId: 'id',
      MicrosoftAppPassword: secret,
      MicrosoftAppType: 'UserAssignedMSI',
      MicrosoftAppTenantId: 't',
    });
    expect(found.join('\n')).not.toContain(secret);
  });

  it('lets an unauthenticated bot listen on loopback only, unless explicitly allowed', () => {
    for (const HOST of ['127.0.0.1', '127.8.9.10', 'localhost', 'LOCALHOST', '::1', '[::1]']) {
      expect(problems({ HOST }), HOST).toEqual([]);
    }
    for (const HOST of ['0:0:0:0:0:0:0:1', '::ffff:127.0.0.1']) {
      expect(problems({ HOST }), HOST).toEqual([]);
    }
    expect(problems({ HOST: '0.0.0.0', ALLOW_UNAUTHENTICATED: 'true' })).toEqual([]);
    expect(problems({ HOST: '0.0.0.0', ALLOW_UNAUTHENTICATED: 'TRUE' })).toEqual([]);
    expect(
      problems({
        HOST: '0.0.0.0',
        MicrosoftAppId: 'id',
        MicrosoftAppPassword: 'p',
        MicrosoftAppTenantId: 't',
      }),
    ).toEqual([]);
    expect(problems({ HOST: '0.0.0.0' })[0]).toContain('ALLOW_UNAUTHENTICATED=true');
  });

  it('reads NODE_ENV case-insensitively, prod meaning production', () => {
    const auth = { MicrosoftAppId: 'id', MicrosoftAppPassword: 'p', MicrosoftAppTenantId: 't' };
    expect(loadConfig({ ...auth, NODE_ENV: 'Production' }).nodeEnv).toBe('production');
    expect(loadConfig({ ...auth, NODE_ENV: 'prod' }).nodeEnv).toBe('production');
    expect(loadConfig({ NODE_ENV: 'Test' }).logLevel).toBe('silent');
  });

  it('accepts production with an app id and password', () => {
    expect(
      problems({
        NODE_ENV: 'production',
        MicrosoftAppId: 'id',
        MicrosoftAppPassword: 'p',
        MicrosoftAppTenantId: 't',
      }),
    ).toEqual([]);
  });
});
