import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AzureError } from '../../../src/services/azure/azure-provisioner';
import { startArmTestEnv } from '../../fakes/fake-arm/arm-test-env';

const RG = 'rg-errors';
const ACCT = 'aoai-errors';

const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as AzureError,
  );

describe('ARM failures become typed errors that keep their code', () => {
  let env: Awaited<ReturnType<typeof startArmTestEnv>>;
  beforeAll(async () => {
    env = await startArmTestEnv();
    const p = env.provisioner();
    await p.ensureResourceGroup({
      name: RG,
      location: 'eastus2',
      requester: 'a',
      environment: 'e',
    });
    await p.ensureOpenAIAccount({ resourceGroup: RG, name: ACCT, regions: ['eastus2'] });
  });
  afterAll(async () => {
    await env.stop();
  });
  beforeEach(() => {
    env.fake.requests.length = 0;
  });

  const deploy = (name: string, version: string, sku?: 'Standard' | 'GlobalStandard') =>
    env.provisioner().ensureDeployment({
      resourceGroup: RG,
      account: ACCT,
      name: `d-${name}`,
      model: { name, version },
      ...(sku ? { sku } : {}),
    });

  it('registers Microsoft.Databricks when it is not registered, waits, and proceeds', async () => {
    env.fake.state.providers.set('microsoft.databricks', 'NotRegistered');
    const ws = await env.provisioner().ensureDatabricksWorkspace({
      resourceGroup: RG,
      name: 'dbw-reg',
      location: 'eastus2',
      sku: 'trial',
    });
    expect(ws.workspaceUrl).toMatch(/^https:\/\/adb-/);
    expect(env.fake.state.providerState('Microsoft.Databricks')).toBe('Registered');
    const calls = env.fake.requests.map((r) => `${r.method} ${r.status}`);
    expect(calls).toContain('PUT 409');
    expect(env.fake.requests.some((r) => r.method === 'POST' && /\/register$/i.test(r.path))).toBe(
      true,
    );
    expect(env.fake.state.workspaces.get('rg-errors/dbw-reg')?.sku).toBe('trial');
  });

  it('gpt-35-turbo is refused as deprecated, an unknown model as not supported', async () => {
    const old = await failure(deploy('gpt-35-turbo', '0613'));
    expect(old).toMatchObject({
      azureReason: 'model-deprecated',
      info: { code: 'ServiceModelDeprecated' },
    });
    const unknown = await failure(deploy('gpt-9', '2030-01-01'));
    expect(unknown).toMatchObject({
      azureReason: 'model-not-supported',
      info: { code: 'DeploymentModelNotSupported' },
    });
    await expect(env.provisioner().resolveModel('eastus2', ['gpt-35-turbo'])).rejects.toMatchObject(
      {
        azureReason: 'model-deprecated',
      },
    );
  });

  it('falls back to GlobalStandard when Standard is not offered (InvalidResourceProperties)', async () => {
    const d = await deploy('gpt-5-mini', '2025-08-07', 'Standard');
    expect(d.sku).toBe('GlobalStandard');
    expect(env.fake.requests.filter((r) => r.method === 'PUT').map((r) => r.status)).toEqual([
      400, 201,
    ]);
    const model = await env.provisioner().resolveModel('eastus2');
    expect(model).toMatchObject({ name: 'gpt-5-mini', skus: ['GlobalStandard'] });
    const regional = await env.provisioner().resolveModel('switzerlandwest');
    expect(regional).toMatchObject({ name: 'gpt-4.1-mini', skus: ['Standard', 'GlobalStandard'] });
  });

  it('a quota failure inside the deployment LRO keeps its code', async () => {
    env.fake.state.nextAsyncDeploymentFailure = {
      code: 'InsufficientQuota',
      message: 'This operation require 5 new capacity in quota Tokens Per Minute (thousands).',
    };
    const err = await failure(deploy('gpt-4.1-mini', '2025-04-14'));
    expect(err).toBeInstanceOf(AzureError);
    expect(err).toMatchObject({
      azureReason: 'insufficient-quota',
      info: { code: 'InsufficientQuota' },
    });
  });

  it('an existing managed resource group fails the workspace LRO as ApplianceProvisioningFailed', async () => {
    const p = env.provisioner();
    await p.ensureResourceGroup({
      name: 'databricks-rg-taken',
      location: 'eastus2',
      requester: 'a',
      environment: 'e',
    });
    const err = await failure(
      p.ensureDatabricksWorkspace({
        resourceGroup: RG,
        name: 'dbw-mrg',
        location: 'eastus2',
        managedResourceGroupName: 'databricks-rg-taken',
      }),
    );
    expect(err).toMatchObject({
      azureReason: 'managed-rg-exists',
      info: { code: 'ApplianceProvisioningFailed' },
    });
    expect(err?.info.armMessage).toContain("'databricks-rg-taken' already exists");
    expect(env.fake.inventory().workspaces).toContain(`${RG}/dbw-mrg:Failed`);

    // Re-running deletes the failed workspace and retries with a fresh managed group.
    const ws = await p.ensureDatabricksWorkspace({
      resourceGroup: RG,
      name: 'dbw-mrg',
      location: 'eastus2',
    });
    expect(ws.managedResourceGroupId).not.toContain('databricks-rg-taken');
    expect(env.fake.inventory().workspaces).toContain(`${RG}/dbw-mrg:Succeeded`);
  });

  it('AuthorizationFailed names the missing action', async () => {
    env.fake.inject({
      method: 'PUT',
      path: /\/deployments\/d-gpt-4o-mini$/i,
      status: 403,
      body: {
        error: {
          code: 'AuthorizationFailed',
          message:
            "The client 'x' with object id 'y' does not have authorization to perform action 'Microsoft.CognitiveServices/accounts/deployments/write' over scope '/subscriptions/s' or the scope is invalid.",
        },
      },
    });
    const err = await failure(deploy('gpt-4o-mini', '2024-07-18', 'GlobalStandard'));
    expect(err).toMatchObject({
      azureReason: 'authorization-failed',
      reason: 'forbidden',
      info: { action: 'Microsoft.CognitiveServices/accounts/deployments/write' },
    });
  });

  it('SpecialFeatureOrQuotaIdRequired is its own, non-retried reason', async () => {
    env.fake.state.regionFaults.set('northcentralus', {
      on: 'account',
      code: 'SpecialFeatureOrQuotaIdRequired',
    });
    const err = await failure(
      env.provisioner().ensureOpenAIAccount({
        resourceGroup: RG,
        name: 'aoai-msdn',
        regions: ['northcentralus', 'eastus2'],
      }),
    );
    env.fake.state.regionFaults.clear();
    expect(err).toMatchObject({
      azureReason: 'quota-id-required',
      info: { code: 'SpecialFeatureOrQuotaIdRequired' },
    });
    expect(env.fake.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
  });
});
