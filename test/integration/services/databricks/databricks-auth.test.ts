import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatabricksAuth } from '../../../../src/services/databricks/databricks-auth';
import { createDatabricksHttp } from '../../../../src/services/databricks/databricks-client';
import { ServiceError } from '../../../../src/services/errors';
import { dbxError, FakeDatabricks, ok } from '../../../fakes/fake-databricks/fake-databricks';

let fake: FakeDatabricks;
beforeEach(async () => {
  fake = new FakeDatabricks();
  fake.route('GET', /^\/api\/2\.0\/preview\/scim\/v2\/Me$/, () =>
    ok({ userName: 'bot@example.com' }),
  );
  await fake.start();
});
afterEach(() => fake.stop());

const noSleep = () => Promise.resolve();

describe('Databricks auth and client', () => {
  it('uses a PAT as a bearer token', async () => {
    const http = createDatabricksHttp({
      host: fake.url,
      auth: new DatabricksAuth({ host: fake.url, token: 'dapi-test-token' }),
    });
    await expect(http.get('api/2.0/preview/scim/v2/Me')).resolves.toEqual({
      userName: 'bot@example.com',
    });
  });

  it('gets an OAuth M2M token once and reuses it until it nears expiry', async () => {
    let now = 1_000_000;
    const auth = new DatabricksAuth({
      host: fake.url,
      clientId: 'sp-client',
      clientSecret: 'sp-secret',
      now: () => now,
    });
    expect(auth.kind).toBe('oauth-m2m');
    const http = createDatabricksHttp({ host: fake.url, auth });
    await http.get('api/2.0/preview/scim/v2/Me');
    await http.get('api/2.0/preview/scim/v2/Me');
    expect([...fake.tokens].filter((t) => t.startsWith('oauth-'))).toEqual(['oauth-1']);
    now += 3_600_000 - 30_000; // 30 s left: Azure Databricks would reject it
    await http.get('api/2.0/preview/scim/v2/Me');
    expect([...fake.tokens].filter((t) => t.startsWith('oauth-'))).toEqual(['oauth-1', 'oauth-2']);
  });

  it('reports bad client credentials without echoing the secret', async () => {
    const auth = new DatabricksAuth({
      host: fake.url,
      clientId: 'sp-client',
      clientSecret: 'wrong-secret',
    });
    const err = await auth.headers().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceError);
    expect((err as ServiceError).reason).toBe('unauthorized');
    expect((err as Error).message).not.toContain('wrong-secret');
  });

  it('retries 429 and 503 with Retry-After, and types a 403 with its error code', async () => {
    const delays: number[] = [];
    const http = createDatabricksHttp({
      host: fake.url,
      auth: new DatabricksAuth({ host: fake.url, token: 'dapi-test-token' }),
      sleep: (ms) => {
        delays.push(ms);
        return noSleep();
      },
    });
    fake.failNext(/scim/, {
      status: 429,
      body: { error_code: 'REQUEST_LIMIT_EXCEEDED', message: 'slow down' },
      headers: { 'retry-after': '2' },
    });
    fake.failNext(/scim/, dbxError(503, 'TEMPORARILY_UNAVAILABLE', 'No webapps are available'));
    await expect(http.get('api/2.0/preview/scim/v2/Me')).resolves.toMatchObject({
      userName: 'bot@example.com',
    });
    expect(delays[0]).toBe(2000);
    expect(delays).toHaveLength(2);
    fake.failNext(/scim/, dbxError(403, 'PERMISSION_DENIED', 'User does not have permission'));
    const err = (await http
      .get('api/2.0/preview/scim/v2/Me')
      .catch((e: unknown) => e)) as ServiceError;
    expect(err.reason).toBe('forbidden');
    expect(err.details.code).toBe('PERMISSION_DENIED');
  });

  it('a wrong token is 401 UNAUTHENTICATED', async () => {
    const http = createDatabricksHttp({
      host: fake.url,
      auth: new DatabricksAuth({ host: fake.url, token: 'dapi-nope' }),
    });
    const err = (await http
      .get('api/2.0/preview/scim/v2/Me')
      .catch((e: unknown) => e)) as ServiceError;
    expect(err.reason).toBe('unauthorized');
    expect(err.message).not.toContain('dapi-nope');
  });
});
