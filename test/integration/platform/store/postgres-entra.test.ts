import { DefaultAzureCredential } from '@azure/identity';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../../../src/chat/i18n';
import { createLogger } from '../../../../src/platform/logging/logger';
import { entraPassword, openStore } from '../../../../src/platform/store/open-store';
import { startArmTestEnv } from '../../../fakes/fake-arm/arm-test-env';
import { createTestDatabase, postgresAdminUrl } from '../../../support/test-store';

/** What the fake's managed-identity route hands out for Azure Database for PostgreSQL. */
const PG_TOKEN = 'fake-mi.ossrdbms.fixed-token-for-postgres';
const PG_RESOURCE = 'https://ossrdbms-aad.database.windows.net';
const ROLE = 'llmops_entra_bot';

let env: Awaited<ReturnType<typeof startArmTestEnv>>;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let botUrl: string;

async function asAdmin(sql: string): Promise<void> {
  const c = new Client({ connectionString: postgresAdminUrl() });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  env = await startArmTestEnv({ fixedTokens: { [PG_RESOURCE]: PG_TOKEN } });
  database = await createTestDatabase();
  // The role's password IS the token: the connection only works if the bot sends it.
  await asAdmin(`DROP ROLE IF EXISTS ${ROLE}`).catch(() => undefined);
  await asAdmin(`CREATE ROLE ${ROLE} LOGIN PASSWORD '${PG_TOKEN}'`);
  const u = new URL(database.url);
  await asAdmin(`ALTER DATABASE ${u.pathname.slice(1)} OWNER TO ${ROLE}`);
  u.username = ROLE;
  u.password = '';
  botUrl = u.toString();
});

afterAll(async () => {
  await database?.drop();
  await asAdmin(`DROP ROLE IF EXISTS ${ROLE}`).catch(() => undefined);
  await env?.stop();
});

describe('PostgreSQL with DATABASE_AUTH=entra', () => {
  it('connects with the managed identity token as the password, and migrates', async () => {
    const store = await openStore(
      {
        kind: 'postgres',
        url: botUrl,
        poolMax: 2,
        password: entraPassword(() => new DefaultAzureCredential()),
      },
      createLogger('silent'),
    );
    try {
      await expect(store.readiness()).resolves.toEqual({ ok: true });
      const status = await store.status();
      expect(translator('en')(status.key, status.vars)).toMatch(/^PostgreSQL 1\d.*schema v\d+/);
      expect(translator('fr')(status.key, status.vars)).toMatch(/^PostgreSQL 1\d.*schéma v\d+/);
      expect(env.fake.tokenRequests.map((r) => r.resource)).toContain(PG_RESOURCE);
    } finally {
      await store.close();
    }
  });

  it('fails to start without the token, and says why without leaking a password', async () => {
    const err = await openStore(
      { kind: 'postgres', url: botUrl, poolMax: 1, password: () => Promise.resolve('wrong') },
      createLogger('silent'),
    ).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/password authentication failed/);
    expect((err as Error).message).not.toContain(PG_TOKEN);
  });
});
