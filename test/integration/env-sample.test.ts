import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config';
import { cardOf, cardText, startHarness, type Harness } from '../support/bot-harness';

/** `.env.sample` as `process.loadEnvFile` would read a `.env` copied from it. */
const sample = parseEnv(readFileSync(path.resolve(__dirname, '../../.env.sample'), 'utf8'));

describe('`cp .env.sample .env` (the first move after reading the README)', () => {
  it('loads as it is, in local mode: no bot identity, loopback, no authentication', () => {
    const config = loadConfig(sample);
    expect(config.bot.appId).toBeUndefined();
    expect(config.host).toBe('127.0.0.1');
    expect(config.nodeEnv).toBe('development');
    // A .env copied from an older sample typed the identity without an id: still local mode.
    expect(() => loadConfig({ ...sample, MicrosoftAppType: 'SingleTenant' })).not.toThrow();
  });

  it('names the fix when the identity is half filled in: the missing value, or local mode', () => {
    const withId = { ...sample, MicrosoftAppId: '00000000-0000-0000-0000-000000000001' };
    expect(() => loadConfig(withId)).toThrow(ConfigError);
    // Each problem names the value to set, and the way back to local mode.
    expect(() => loadConfig(withId)).toThrow(
      /MicrosoftAppPassword: required .*set the client secret, or leave MicrosoftAppId empty/,
    );
    expect(() => loadConfig(withId)).toThrow(
      /MicrosoftAppTenantId: required .*set the bot registration's tenant id, or leave MicrosoftAppId empty/,
    );
  });

  describe('the bot started from it', () => {
    let h: Harness;
    beforeAll(async () => {
      // Only the harness's port and data folder differ from the copied file.
      const env = { ...sample } as Record<string, string>;
      delete env.PORT;
      delete env.DATA_DIR;
      h = await startHarness({ env });
    });
    afterAll(() => h.stop());

    it('answers `help` in a personal chat without any token', async () => {
      const res = await h.send(h.a.personal('help'));
      expect(res.status).toBe(200);
      const [reply] = await h.connector.waitFor(1);
      expect(cardText(cardOf(reply?.body))).toContain('commands');
    });
  });
});
