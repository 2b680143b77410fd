import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AzureProvisioner } from '../../../src/services/azure/azure-provisioner';
import { startArmTestEnv } from '../../fakes/fake-arm/arm-test-env';

const RG = 'rg-llmops-lab';
const ACCOUNT = 'aoai-llmops-lab';

/** The provisioning order: RG → account → deployment → workspace. */
async function provisionAll(p: AzureProvisioner) {
  const plan = await p.planRegions();
  const region = plan.candidates[0]?.region ?? '';
  const rg = await p.ensureResourceGroup({
    name: RG,
    location: region,
    requester: 'ada@example.com',
    environment: 'llmops-lab',
  });
  const account = await p.ensureOpenAIAccount({
    resourceGroup: RG,
    name: ACCOUNT,
    regions: plan.candidates.map((c) => c.region),
  });
  const deployment = await p.ensureDeployment({
    resourceGroup: RG,
    account: ACCOUNT,
    name: 'chat',
    model: plan.model,
    sku: plan.candidates[0]?.sku ?? 'Standard',
  });
  const workspace = await p.ensureDatabricksWorkspace({
    resourceGroup: RG,
    name: 'dbw-llmops-lab',
    location: account.region,
  });
  return { plan, rg, account, deployment, workspace };
}

describe('Azure provisioning against the fake ARM', () => {
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

  it('provisions RG, account, deployment and workspace through the real SDK over HTTPS', async () => {
    const out = await provisionAll(env.provisioner());

    expect(out.plan.model).toEqual({ name: 'gpt-5-mini', version: '2025-08-07' });
    expect(out.plan.excluded).toEqual([{ region: 'switzerlandwest', why: 'model-unavailable' }]);
    expect(out.rg.created).toBe(true);
    expect(out.account).toMatchObject({ name: ACCOUNT, created: true, restored: false });
    expect(out.account.endpoint).toBe(`https://${ACCOUNT}.openai.azure.com/`);
    expect(out.deployment).toMatchObject({ sku: 'GlobalStandard', capacity: 5, created: true });
    expect(out.workspace.workspaceUrl).toMatch(/^https:\/\/adb-\d+\.\d+\.azuredatabricks\.net$/);
    expect(out.workspace.managedResourceGroupId).toMatch(
      /\/resourceGroups\/databricks-rg-dbw-llmops-lab-[a-z0-9]{6}$/,
    );

    const inv = env.fake.inventory();
    expect(inv.resourceGroups).toHaveLength(2);
    expect(inv.accounts).toEqual([`${RG}/${ACCOUNT}@${out.account.region}:Succeeded`]);
    expect(inv.deployments).toEqual([`${ACCOUNT}/chat:gpt-5-mini@GlobalStandardx5`]);
    expect(inv.workspaces).toEqual([`${RG}/dbw-llmops-lab:Succeeded`]);
    expect(env.fake.state.resourceGroups.get(RG)?.tags).toEqual({
      'created-by': 'llmops-teams-bot',
      requester: 'ada@example.com',
      environment: 'llmops-lab',
    });

    const depPut = env.fake.requests.find(
      (r) => r.method === 'PUT' && r.path.endsWith('/deployments/chat'),
    );
    expect(depPut?.body).toEqual({
      sku: { name: 'GlobalStandard', capacity: 5 },
      properties: {
        model: { format: 'OpenAI', name: 'gpt-5-mini', version: '2025-08-07' },
        versionUpgradeOption: 'NoAutoUpgrade',
      },
    });
    // LROs were really polled: the async status URL and the account's body polling.
    expect(env.fake.requests.some((r) => /operationStatuses/i.test(r.path))).toBe(true);
  });

  it('sends every ARM call with a token from the App Service managed-identity route', async () => {
    const p = env.provisioner();
    await p.listInventory(RG);
    expect(env.fake.url.startsWith('https://127.0.0.1:')).toBe(true);
    expect(env.fake.requests.length).toBeGreaterThan(0);
    expect(
      env.fake.requests.every((r) => r.status !== 401 && r.token?.startsWith('fake-mi.')),
    ).toBe(true);
    expect(env.fake.tokenRequests.length).toBeGreaterThan(0);
    expect(env.fake.tokenRequests.every((t) => t.headerOk)).toBe(true);
    expect(new Set(env.fake.tokenRequests.map((t) => t.resource))).toEqual(
      new Set(['https://management.azure.com']),
    );
  });

  it('re-running the whole sequence is a no-op: same inventory, no create sent', async () => {
    const before = env.fake.inventory();
    const again = await provisionAll(env.provisioner());
    expect(env.fake.inventory()).toEqual(before);
    expect(again.rg.created).toBe(false);
    expect(again.account.created).toBe(false);
    expect(again.deployment.created).toBe(false);
    expect(again.workspace.created).toBe(false);
    expect(env.fake.requests.filter((r) => r.method !== 'GET' && r.method !== 'HEAD')).toEqual([]);
  });

  it('resumes a workspace LRO from its token in a fresh client after a "restart"', async () => {
    env.fake.state.pollsBeforeDone = 4;
    const stop = new AbortController();
    let token = '';
    const first = env.provisioner();
    await expect(
      first.ensureDatabricksWorkspace(
        { resourceGroup: RG, name: 'dbw-resume', location: 'swedencentral' },
        {
          onResumeToken: (t) => {
            token = t;
            stop.abort();
          },
          abortSignal: stop.signal,
        },
      ),
    ).rejects.toThrow();
    expect(env.fake.inventory().workspaces).toContain(`${RG}/dbw-resume:Accepted`);
    expect(token.length).toBeGreaterThan(50);

    const afterRestart = env.provisioner();
    const ws = await afterRestart.ensureDatabricksWorkspace(
      { resourceGroup: RG, name: 'dbw-resume', location: 'swedencentral' },
      { resumeFrom: token },
    );
    env.fake.state.pollsBeforeDone = 2;
    expect(ws.workspaceUrl).toMatch(/^https:\/\/adb-/);
    expect(env.fake.inventory().workspaces).toContain(`${RG}/dbw-resume:Succeeded`);
    const puts = env.fake.requests.filter(
      (r) => r.method === 'PUT' && r.path.endsWith('/dbw-resume'),
    );
    expect(puts).toHaveLength(1);
  });
});
