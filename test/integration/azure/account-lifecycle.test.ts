import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AzureError,
  describeAzureError,
  type AzureProvisioner,
} from '../../../src/services/azure/azure-provisioner';
import { startArmTestEnv } from '../../fakes/fake-arm/arm-test-env';

const spec = (rg: string, name: string) => ({
  resourceGroup: rg,
  name,
  regions: ['swedencentral'],
});

async function makeLab(p: AzureProvisioner, rg: string) {
  await p.ensureResourceGroup({
    name: rg,
    location: 'swedencentral',
    requester: 'ada@example.com',
    environment: rg,
  });
  await p.ensureOpenAIAccount(spec(rg, `${rg}-aoai`));
  await p.ensureDeployment({
    resourceGroup: rg,
    account: `${rg}-aoai`,
    name: 'chat',
    model: { name: 'gpt-4.1-mini', version: '2025-04-14' },
  });
  await p.ensureDatabricksWorkspace({
    resourceGroup: rg,
    name: `${rg}-dbw`,
    location: 'swedencentral',
  });
}

/** The teardown order; every step tolerates "already gone". */
async function teardown(p: AzureProvisioner, rg: string) {
  return [
    await p.deleteDeployment(rg, `${rg}-aoai`, 'chat'),
    await p.deleteOpenAIAccount(rg, `${rg}-aoai`),
    await p.purgeOpenAIAccount(rg, `${rg}-aoai`),
    await p.deleteDatabricksWorkspace(rg, `${rg}-dbw`),
    await p.deleteResourceGroup(rg),
  ];
}

describe('account soft-delete, subdomains and teardown', () => {
  let env: Awaited<ReturnType<typeof startArmTestEnv>>;
  beforeAll(async () => {
    env = await startArmTestEnv();
  });
  afterAll(async () => {
    await env.stop();
  });
  beforeEach(() => {
    env.fake.requests.length = 0;
  });

  it('a soft-deleted account of the same name: typed error, then restore, then purge', async () => {
    const p = env.provisioner();
    await p.ensureResourceGroup({
      name: 'rg-sd',
      location: 'swedencentral',
      requester: 'a',
      environment: 'e',
    });
    await p.ensureOpenAIAccount(spec('rg-sd', 'aoai-sd'));
    expect(await p.deleteOpenAIAccount('rg-sd', 'aoai-sd')).toBe('deleted');
    expect(env.fake.inventory().deletedAccounts).toEqual(['rg-sd/aoai-sd@swedencentral']);

    const err = (await p
      .ensureOpenAIAccount({ ...spec('rg-sd', 'aoai-sd'), regions: ['eastus2'] })
      .catch((e: unknown) => e)) as AzureError;
    expect(err).toBeInstanceOf(AzureError);
    expect(err.azureReason).toBe('soft-deleted');
    expect(err.info).toMatchObject({
      code: 'FlagMustBeSetForRestore',
      deletedLocation: 'swedencentral',
    });
    expect(describeAzureError(err)).toMatch(/restore.*purge/);

    const restored = await p.ensureOpenAIAccount({
      ...spec('rg-sd', 'aoai-sd'),
      regions: ['eastus2'],
      onSoftDeleted: 'restore',
    });
    expect(restored).toMatchObject({ restored: true, region: 'swedencentral' });
    const putBody = env.fake.requests.filter((r) => r.method === 'PUT').pop()?.body;
    expect(putBody).toMatchObject({
      properties: { restore: true, customSubDomainName: 'aoai-sd' },
    });
    expect(env.fake.inventory().deletedAccounts).toEqual([]);

    await p.deleteOpenAIAccount('rg-sd', 'aoai-sd');
    const purged = await p.ensureOpenAIAccount({
      ...spec('rg-sd', 'aoai-sd'),
      regions: ['eastus2'],
      onSoftDeleted: 'purge',
    });
    expect(purged).toMatchObject({ created: true, restored: false, region: 'eastus2' });
    expect(
      env.fake.requests.some(
        (r) => r.method === 'DELETE' && /deletedAccounts\/aoai-sd$/i.test(r.path),
      ),
    ).toBe(true);
    expect(env.fake.inventory().deletedAccounts).toEqual([]);
  });

  it('a taken subdomain gives CustomDomainInUse with a proposed name that works', async () => {
    const p = env.provisioner();
    await p.ensureResourceGroup({
      name: 'rg-dns',
      location: 'swedencentral',
      requester: 'a',
      environment: 'e',
    });
    env.fake.state.takenSubdomains.add('aoai-popular');
    const err = (await p
      .ensureOpenAIAccount(spec('rg-dns', 'aoai-popular'))
      .catch((e: unknown) => e)) as AzureError;
    expect(err.azureReason).toBe('custom-domain-in-use');
    expect(err.info.code).toBe('CustomDomainInUse');
    expect(err.info.proposedName).toMatch(/^aoai-popular-[a-z0-9]{4}$/);
    expect(describeAzureError(err)).toContain(err.info.proposedName);
    const ok = await p.ensureOpenAIAccount(spec('rg-dns', err.info.proposedName ?? ''));
    expect(ok.endpoint).toBe(`https://${err.info.proposedName}.openai.azure.com/`);
  });

  it('teardown in dependency order leaves the inventory empty and says so', async () => {
    const p = env.provisioner();
    await makeLab(p, 'rg-td');
    expect((await p.listInventory('rg-td')).nothingBillableLeft).toBe(false);
    expect(await teardown(p, 'rg-td')).toEqual([
      'deleted',
      'deleted',
      'deleted',
      'deleted',
      'deleted',
    ]);
    const inv = await p.listInventory('rg-td');
    expect(inv).toEqual({ items: [], nothingBillableLeft: true });
    expect(
      Object.values(env.fake.inventory())
        .flat()
        .filter((x) => x.includes('rg-td')),
    ).toEqual([]);
  });

  it('teardown when half the resources are already gone still converges to empty', async () => {
    const p = env.provisioner();
    await makeLab(p, 'rg-half');
    await p.deleteDeployment('rg-half', 'rg-half-aoai', 'chat');
    await p.deleteDatabricksWorkspace('rg-half', 'rg-half-dbw');
    expect(await teardown(p, 'rg-half')).toEqual([
      'absent',
      'deleted',
      'deleted',
      'absent',
      'deleted',
    ]);
    expect((await p.listInventory('rg-half')).nothingBillableLeft).toBe(true);
    // A second cleanup finds nothing to do.
    expect(await teardown(p, 'rg-half')).toEqual([
      'absent',
      'absent',
      'absent',
      'absent',
      'absent',
    ]);
  });

  it('when the RG was deleted first, the account is soft-deleted and still purged by RG name', async () => {
    const p = env.provisioner();
    await makeLab(p, 'rg-first');
    expect(await p.deleteResourceGroup('rg-first')).toBe('deleted');
    const inv = await p.listInventory('rg-first');
    expect(inv.items).toEqual([
      {
        kind: 'soft-deleted-account',
        name: 'rg-first-aoai',
        state: 'SoftDeleted',
        billable: false,
      },
    ]);
    expect(inv.nothingBillableLeft).toBe(true);
    expect(await teardown(p, 'rg-first')).toEqual([
      'absent',
      'absent',
      'deleted',
      'absent',
      'absent',
    ]);
    expect(await p.listInventory('rg-first')).toEqual({ items: [], nothingBillableLeft: true });
  });

  it('cleaning every lab of this file leaves the whole fake subscription empty', async () => {
    const p = env.provisioner();
    for (const [rg, acct] of [
      ['rg-sd', 'aoai-sd'],
      ['rg-dns', 'aoai-popular'],
    ] as const) {
      const proposed = [...env.fake.state.accounts.values()].find((a) => a.rg === rg)?.name ?? acct;
      await p.deleteOpenAIAccount(rg, proposed);
      await p.purgeOpenAIAccount(rg, proposed);
      await p.deleteResourceGroup(rg);
    }
    expect(env.fake.isEmpty()).toBe(true);
  });
});
