import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/bot-harness';

const APP_ID = '00000000-0000-0000-0000-0000000000a1';
const APP_PASSWORD = 'not-a-real-secret-value-123';

describe('with MicrosoftAppId set (SingleTenant)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      env: {
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: APP_PASSWORD,
        MicrosoftAppType: 'SingleTenant',
        MicrosoftAppTenantId: '11111111-1111-1111-1111-111111111111',
      },
    });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('refuses an unsigned activity with 401 and runs no turn', async () => {
    const res = await h.send(h.a.personal('help'));
    expect(res.status).toBe(401);
    expect(res.body).toEqual({
      error: { code: 'Unauthorized', message: 'The request is not authorized.' },
    });
    expect(h.connector.requests).toHaveLength(0);
    expect(await h.conversations()).toEqual([]);
  });

  it('refuses a bogus bearer token with 401, without fetching anything', async () => {
    // "x.y.z" does not decode as a JWT, so botbuilder rejects it before it would look up
    // OpenID metadata; a well-formed forged JWT would make it fetch login.botframework.com.
    for (const authorization of ['Bearer x.y.z', 'Bearer ', 'Basic dXNlcjpwYXNz', 'x.y.z']) {
      const res = await h.send(h.a.personal('help'), { authorization });
      expect(res.status, authorization).toBe(401);
    }
    expect(h.connector.requests).toHaveLength(0);
    expect(h.logs.some((l) => l.msg === 'could not verify the request token')).toBe(false);
  });

  it('never writes the app password into its logs', () => {
    expect(h.logs.length).toBeGreaterThan(0);
    expect(JSON.stringify(h.logs)).not.toContain(APP_PASSWORD);
  });

  it('still validates bodies before authentication (400 for a body without type)', async () => {
    const res = await h.request('POST', '/api/messages', '{}', {
      'content-type': 'application/json',
    });
    expect(res.status).toBe(400);
  });
});

describe('without MicrosoftAppId (local development)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  it('accepts an unsigned activity, warns that auth is off, and replies without a token', async () => {
    const res = await h.send(h.a.personal('help'));
    expect(res.status).toBe(200);
    const [reply] = await h.connector.waitFor(1);
    expect(reply?.authorized).toBe(false);
    expect(h.logs.some((l) => l.level === 40 && String(l.msg).includes('NOT authenticated'))).toBe(
      true,
    );
  });

  it('ignores an Authorization header while auth is off', async () => {
    const res = await h.send(h.a.personal('help'), { authorization: 'Bearer x.y.z' });
    expect(res.status).toBe(200);
  });
});
