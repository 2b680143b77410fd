import { DefaultAzureCredential } from '@azure/identity';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { serviceOptionsFrom } from '../../../src/config/service-options';
import { createArmClients } from '../../../src/services/azure/arm-clients';
import { AzureError, describeAzureError } from '../../../src/services/azure/azure-provisioner';
import { seeded, startArmTestEnv } from '../../fakes/fake-arm/arm-test-env';

const RG = 'rg-quota';

describe('region choice, quota and throttling', () => {
  let env: Awaited<ReturnType<typeof startArmTestEnv>>;
  beforeAll(async () => {
    env = await startArmTestEnv();
    await env.provisioner().ensureResourceGroup({
      name: RG,
      location: 'eastus2',
      requester: 'ada@example.com',
      environment: 'lab',
    });
  });
  afterAll(async () => {
    await env.stop();
  });
  beforeEach(() => {
    env.fake.requests.length = 0;
    env.fake.state.regionFaults.clear();
    env.fake.state.quotaLimits.clear();
  });

  it('chooses at random only among regions with quota, reproducibly for a given rng', async () => {
    env.fake.state.setQuota('northcentralus', 'OpenAI.GlobalStandard.gpt-5-mini', 3);
    const plan = await env.provisioner({}, seeded(1)).planRegions();
    const regions = plan.candidates.map((c) => c.region);
    expect([...regions].sort()).toEqual(['eastus2', 'swedencentral']);
    expect(plan.excluded).toEqual(
      expect.arrayContaining([
        { region: 'northcentralus', why: 'no-quota' },
        { region: 'switzerlandwest', why: 'model-unavailable' },
      ]),
    );
    const again = await env.provisioner({}, seeded(1)).planRegions();
    expect(again.candidates.map((c) => c.region)).toEqual(regions);
    const orders = new Set<string>();
    for (let s = 1; s <= 12; s++) {
      orders.add((await env.provisioner({}, seeded(s)).planRegions()).candidates[0]?.region ?? '');
    }
    expect(orders).toEqual(new Set(['eastus2', 'swedencentral']));
  });

  it('falls back to the next preferred model when the first has no quota anywhere', async () => {
    for (const r of ['eastus2', 'northcentralus', 'swedencentral']) {
      env.fake.state.setQuota(r, 'OpenAI.GlobalStandard.gpt-5-mini', 0);
    }
    const plan = await env.provisioner({}, seeded(3)).planRegions();
    expect(plan.model).toEqual({ name: 'gpt-4.1-mini', version: '2025-04-14' });
    expect(plan.candidates).toHaveLength(4);
    expect(plan.candidates.every((c) => c.sku === 'Standard')).toBe(true);
  });

  it('moves the account to the second region when the first answers with a quota error', async () => {
    env.fake.state.regionFaults.set('swedencentral', { on: 'account', code: 'InsufficientQuota' });
    const acct = await env.provisioner().ensureOpenAIAccount({
      resourceGroup: RG,
      name: 'aoai-quota',
      regions: ['swedencentral', 'eastus2'],
    });
    expect(acct.region).toBe('eastus2');
    expect(acct.skippedRegions).toEqual([{ region: 'swedencentral', code: 'InsufficientQuota' }]);
    expect(env.fake.inventory().accounts).toContain(`${RG}/aoai-quota@eastus2:Succeeded`);
  });

  it("with fallback 'ask' it stops and names the next region instead", async () => {
    env.fake.state.regionFaults.set('northcentralus', { on: 'account', code: 'QuotaExceeded' });
    const err = await env
      .provisioner({ AZURE_QUOTA_REGION_FALLBACK: 'ask' })
      .ensureOpenAIAccount({
        resourceGroup: RG,
        name: 'aoai-ask',
        regions: ['northcentralus', 'swedencentral'],
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AzureError);
    const e = err as AzureError;
    expect(e.azureReason).toBe('insufficient-quota');
    expect(e.info).toMatchObject({
      code: 'QuotaExceeded',
      region: 'northcentralus',
      nextRegion: 'swedencentral',
    });
    expect(describeAzureError(e)).toContain('Retry in swedencentral');
    expect(env.fake.inventory().accounts.some((a) => a.includes('aoai-ask'))).toBe(false);
  });

  it('a deployment beyond the free quota fails with InsufficientQuota and its region', async () => {
    env.fake.state.setQuota('eastus2', 'OpenAI.GlobalStandard.gpt-5-mini', 4);
    const err = (await env
      .provisioner()
      .ensureDeployment({
        resourceGroup: RG,
        account: 'aoai-quota',
        name: 'chat',
        model: { name: 'gpt-5-mini', version: '2025-08-07' },
        sku: 'GlobalStandard',
      })
      .catch((e: unknown) => e)) as AzureError;
    expect(err.azureReason).toBe('insufficient-quota');
    expect(err.info.code).toBe('InsufficientQuota');
    expect(err.info.region).toBe('eastus2');
    expect(err.info.armMessage).toContain('available capacity 4');
  });

  it('honours an ARM 429 Retry-After and then succeeds', async () => {
    env.fake.inject({
      method: 'PUT',
      path: /\/resourcegroups\/rg-throttled$/i,
      status: 429,
      headers: { 'retry-after': '1' },
      body: { error: { code: 'TooManyRequests', message: 'Too many requests, retry after 1 s.' } },
      times: 2,
    });
    const rg = await env.provisioner().ensureResourceGroup({
      name: 'rg-throttled',
      location: 'eastus2',
      requester: 'ada@example.com',
      environment: 'lab',
    });
    expect(rg.created).toBe(true);
    const puts = env.fake.requests.filter((r) => r.method === 'PUT');
    expect(puts.map((r) => r.status)).toEqual([429, 429, 201]);
    // Each retry waited at least the second the server asked for (lower bound only).
    expect((puts[1]?.at ?? 0) - (puts[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect((puts[2]?.at ?? 0) - (puts[1]?.at ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('reports every 429 ARM answers to the telemetry, retried or not', async () => {
    env.fake.inject({
      method: 'PUT',
      path: /\/resourcegroups\/rg-counted$/i,
      status: 429,
      headers: { 'retry-after': '0' },
      body: { error: { code: 'TooManyRequests', message: 'Too many requests.' } },
      times: 2,
    });
    let throttled = 0;
    const options = serviceOptionsFrom(env.configFor()).armClients;
    const clients = createArmClients(
      { ...options, onThrottled: () => throttled++ },
      new DefaultAzureCredential(),
    );
    await clients.resources.resourceGroups.createOrUpdate('rg-counted', { location: 'eastus2' });
    expect(env.fake.requests.filter((r) => r.method === 'PUT').map((r) => r.status)).toEqual([
      429, 429, 201,
    ]);
    expect(throttled).toBe(2);
  });

  it('does not sleep on a Retry-After above the cap: typed throttled error with the wait', async () => {
    env.fake.inject({
      method: 'PUT',
      path: /\/resourcegroups\/rg-long-throttle$/i,
      status: 429,
      headers: { 'retry-after': '3600' },
      body: {
        error: { code: 'SubscriptionRequestsThrottled', message: 'Retry after 3600 seconds.' },
      },
      times: 1,
    });
    const err = (await env
      .provisioner()
      .ensureResourceGroup({
        name: 'rg-long-throttle',
        location: 'eastus2',
        requester: 'a',
        environment: 'lab',
      })
      .catch((e: unknown) => e)) as AzureError;
    expect(err).toBeInstanceOf(AzureError);
    expect(err.azureReason).toBe('throttled');
    expect(err.reason).toBe('rate-limited');
    expect(err.info.retryAfterMs).toBe(3_600_000);
    expect(describeAzureError(err)).toContain('3600 s');
    expect(env.fake.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
  });

  it('retries a 503 with Retry-After on an LRO poll and still completes', async () => {
    env.fake.inject({
      method: 'GET',
      path: /operationStatuses/i,
      status: 503,
      headers: { 'retry-after': '0' },
      body: { error: { code: 'ServiceUnavailable', message: 'Try again.' } },
      times: 1,
    });
    const d = await env.provisioner().ensureDeployment({
      resourceGroup: RG,
      account: 'aoai-quota',
      name: 'chat',
      model: { name: 'gpt-4.1-mini', version: '2025-04-14' },
    });
    expect(d).toMatchObject({ sku: 'Standard', capacity: 5, created: true });
    expect(env.fake.requests.some((r) => r.status === 503)).toBe(true);
  });
});
