import { vi } from 'vitest';
import { DefaultAzureCredential } from '@azure/identity';
import { loadConfig, type Config } from '../../../src/config';
import { serviceOptionsFrom } from '../../../src/config/service-options';
import { createArmClients } from '../../../src/services/azure/arm-clients';
import { ArmProvisioner } from '../../../src/services/azure/arm-provisioner';
import { seeded } from '../../support/seeded';
import { FakeArm, type FakeArmOptions } from './fake-arm';

export { seeded };

/** The fake's and the provisioner's shared "today": the catalogue dates are judged against it. */
export const LAB_NOW = new Date('2026-11-30T00:00:00Z');

const CREDENTIAL_VARIABLES = [
  'AZURE_CLIENT_ID',
  'AZURE_CLIENT_SECRET',
  'AZURE_TENANT_ID',
  'AZURE_CLIENT_CERTIFICATE_PATH',
  'AZURE_USERNAME',
  'AZURE_FEDERATED_TOKEN_FILE',
  'MSI_ENDPOINT',
  'MSI_SECRET',
];

/**
 * Starts a fake ARM and points DefaultAzureCredential's App Service managed-identity path at
 * it (IDENTITY_ENDPOINT + IDENTITY_HEADER, exactly as App Service sets them), so the bot's
 * production credential code fetches the tokens. Call `stop()` in afterAll.
 */
export async function startArmTestEnv(options: FakeArmOptions = {}) {
  const fake = new FakeArm({ now: () => LAB_NOW, ...options });
  await fake.start();
  for (const name of CREDENTIAL_VARIABLES) vi.stubEnv(name, undefined);
  vi.stubEnv('IDENTITY_ENDPOINT', fake.identityEndpoint);
  vi.stubEnv('IDENTITY_HEADER', fake.identityHeader);
  const configFor = (env: Record<string, string> = {}): Config =>
    loadConfig({
      NODE_ENV: 'test',
      AZURE_SUBSCRIPTION_ID: fake.state.subscriptionId,
      AZURE_ARM_ENDPOINT: fake.url,
      AZURE_LRO_POLL_INTERVAL_MS: '10',
      ...env,
    });
  /** A provisioner over brand-new SDK clients and a brand-new DefaultAzureCredential. */
  const provisioner = (env: Record<string, string> = {}, rng: () => number = seeded(7)) => {
    const options = serviceOptionsFrom(configFor(env));
    const clients = createArmClients(options.armClients, new DefaultAzureCredential());
    return new ArmProvisioner(options.armProvisioning, () => clients, {
      rng,
      now: () => LAB_NOW,
      sleep: () => new Promise((r) => setTimeout(r, 5)),
    });
  };
  return {
    fake,
    configFor,
    provisioner,
    async stop() {
      vi.unstubAllEnvs();
      await fake.stop();
    },
  };
}
