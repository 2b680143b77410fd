import { expect } from 'vitest';
import { DefaultAzureCredential } from '@azure/identity';
import { WebSiteManagementClient } from '@azure/arm-appservice';
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { AzureBotService } from '@azure/arm-botservice';
import { ManagedServiceIdentityClient } from '@azure/arm-msi';
import { OperationalInsightsManagementClient } from '@azure/arm-operationalinsights';
import { PostgreSQLManagementFlexibleServerClient } from '@azure/arm-postgresql-flexible';
import { ResourceManagementClient } from '@azure/arm-resources';
import { ARM_SCOPE } from '../../../src/services/azure/arm-clients';
import { startArmTestEnv } from './arm-test-env';
import type { FakeArmOptions } from './fake-arm';
import { FakeKudu } from './fake-kudu';

/** The ARM resource ids of identities accept Kudu's bearer token with or without the slash. */
const ARM_RESOURCES = ['https://management.azure.com', 'https://management.azure.com/'];

/** Real SDK clients for the hosting providers, pointed at the fake as src/services/azure does. */
export function hostingClients(armUrl: string, subscriptionId: string) {
  const credential = new DefaultAzureCredential();
  // Autorest clients take `endpoint` + `credentialScopes`; the TypeSpec ones `credentials.scopes`.
  const classic = {
    endpoint: armUrl,
    credentialScopes: [ARM_SCOPE],
    retryOptions: { maxRetries: 0 },
  };
  const modular = {
    endpoint: armUrl,
    credentials: { scopes: [ARM_SCOPE] },
    retryOptions: { maxRetries: 0 },
  };
  return {
    credential,
    resources: new ResourceManagementClient(credential, subscriptionId, classic),
    msi: new ManagedServiceIdentityClient(credential, subscriptionId, classic),
    logAnalytics: new OperationalInsightsManagementClient(credential, subscriptionId, modular),
    postgres: new PostgreSQLManagementFlexibleServerClient(credential, subscriptionId, classic),
    web: new WebSiteManagementClient(credential, subscriptionId, modular),
    bot: new AzureBotService(credential, subscriptionId, classic),
    authorization: new AuthorizationManagementClient(credential, subscriptionId, classic),
  };
}

export type HostingClients = ReturnType<typeof hostingClients>;

/**
 * The fake ARM (startArmTestEnv: managed-identity env stubbed) plus a fake Kudu whose two
 * loopback hosts every web app answers as its default (app) and SCM (publish) host names.
 * Call `stop()` in afterAll; it stops both and unstubs the environment.
 */
export async function startHostingTestEnv(
  options: FakeArmOptions & { kuduPollsBeforeDone?: number } = {},
) {
  const arm = await startArmTestEnv(options);
  const { fake } = arm;
  const kudu = new FakeKudu({
    acceptsToken: (t) => ARM_RESOURCES.some((r) => fake.issuedFor(t, r)),
    ...(options.kuduPollsBeforeDone !== undefined
      ? { pollsBeforeDone: options.kuduPollsBeforeDone }
      : {}),
  });
  try {
    await kudu.start();
  } catch (err) {
    await arm.stop();
    throw err;
  }
  fake.state.hosting.settings.siteHosts = { app: kudu.appHost, scm: kudu.scmHost };
  return {
    ...arm,
    kudu,
    /** Brand-new SDK clients and DefaultAzureCredential against the fake. */
    clients: () => hostingClients(fake.url, fake.state.subscriptionId),
    async stop() {
      await kudu.stop();
      await arm.stop();
    },
  };
}

export type HostingTestEnv = Awaited<ReturnType<typeof startHostingTestEnv>>;

/** The RestError a call fails with (HTTP status, ARM code, message); fails the test if it succeeds. */
export async function armError(
  call: Promise<unknown>,
): Promise<{ status?: number; code?: string; message: string }> {
  const err = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  // Duck-typed: core-rest-pipeline (RestError's home) is the SDKs' dependency, not ours.
  expect(err).toMatchObject({ name: 'RestError' });
  const r = err as { statusCode?: number; code?: string; message: string };
  return { status: r.statusCode, code: r.code, message: r.message };
}
