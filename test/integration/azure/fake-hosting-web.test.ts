import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import {
  armError,
  startHostingTestEnv,
  type HostingClients,
  type HostingTestEnv,
} from '../../fakes/fake-arm/hosting-test-env';
import { KUDU_STATUS } from '../../fakes/fake-arm/fake-kudu';

const LOC = 'swedencentral';

function zipOf(files: Record<string, string>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, text] of Object.entries(files)) zip.addBuffer(Buffer.from(text), name);
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

/** Polls the Kudu Location until the deployment completes; the statuses it saw. */
async function waitForDeployment(
  location: string,
  token: string,
): Promise<{ seen: number[]; last: Record<string, unknown> }> {
  const seen: number[] = [];
  for (let i = 0; i < 20; i++) {
    const res = await fetch(location, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as Record<string, unknown>;
    seen.push(res.status);
    if (body.complete === true) return { seen, last: body };
  }
  throw new Error('the deployment never completed');
}

describe('fake ARM: App Service, bot registration and the fake Kudu (real SDK clients)', () => {
  let env: HostingTestEnv;
  let c: HostingClients;
  let sub: string;
  let identityId: string;
  let clientId: string;
  beforeAll(async () => {
    env = await startHostingTestEnv({ takenNames: { sites: ['taken-app'], bots: ['taken-bot'] } });
    c = env.clients();
    sub = env.fake.state.subscriptionId;
    await c.resources.resourceGroups.createOrUpdate('rg-w', { location: LOC });
    const id = await c.msi.userAssignedIdentities.createOrUpdate('rg-w', 'id-bot', {
      location: LOC,
    });
    [identityId, clientId] = [id.id ?? '', id.clientId ?? ''];
  });
  afterAll(async () => {
    await env.stop();
  });

  const planId = () =>
    `/subscriptions/${sub}/resourceGroups/rg-w/providers/Microsoft.Web/serverfarms/plan-bot`;
  const site = (settings: Record<string, string>) => ({
    location: LOC,
    kind: 'app,linux',
    serverFarmId: planId(),
    httpsOnly: true,
    identity: { type: 'UserAssigned' as const, userAssignedIdentities: { [identityId]: {} } },
    siteConfig: {
      linuxFxVersion: 'NODE|24-lts',
      alwaysOn: true,
      healthCheckPath: '/readyz',
      appCommandLine: 'node dist/src/index.js',
      minTlsVersion: '1.2' as const,
      ftpsState: 'Disabled' as const,
      appSettings: Object.entries(settings).map(([name, value]) => ({ name, value })),
    },
  });

  it('plan and site: hosts from the fake Kudu, identity filled, write-whole app settings', async () => {
    const noPlan = await armError(
      c.web.webApps.beginCreateOrUpdateAndWait('rg-w', 'app-bot', site({})),
    );
    expect([noPlan.status, noPlan.message]).toEqual([
      404,
      'Cannot find ServerFarm with name plan-bot.',
    ]);
    const plan = await c.web.appServicePlans.beginCreateOrUpdateAndWait('rg-w', 'plan-bot', {
      location: LOC,
      kind: 'linux',
      reserved: true,
      sku: { name: 'B1', tier: 'Basic', capacity: 1 },
    });
    expect([plan.kind, plan.reserved, plan.sku?.name]).toEqual(['linux', true, 'B1']);
    const app = await c.web.webApps.beginCreateOrUpdateAndWait(
      'rg-w',
      'app-bot',
      site({ A: '1', B: '2' }),
    );
    expect(app.defaultHostName).toBe(env.kudu.appHost);
    expect(app.enabledHostNames).toEqual([env.kudu.appHost, env.kudu.scmHost]);
    expect(app.hostNameSslStates?.map((h) => [h.name, h.hostType])).toEqual([
      [env.kudu.appHost, 'Standard'],
      [env.kudu.scmHost, 'Repository'],
    ]);
    expect(app.identity?.userAssignedIdentities?.[identityId]?.clientId).toBe(clientId);
    expect((await c.web.webApps.listApplicationSettings('rg-w', 'app-bot')).properties).toEqual({
      A: '1',
      B: '2',
    });
    await c.web.webApps.updateApplicationSettings('rg-w', 'app-bot', { properties: { C: '3' } });
    expect((await c.web.webApps.listApplicationSettings('rg-w', 'app-bot')).properties).toEqual({
      C: '3',
    });
    const config = await c.web.webApps.getConfiguration('rg-w', 'app-bot');
    expect([config.linuxFxVersion, config.healthCheckPath]).toEqual(['NODE|24-lts', '/readyz']);
    const again = await c.web.webApps.beginCreateOrUpdateAndWait(
      'rg-w',
      'app-bot',
      site({ D: '4' }),
    );
    expect(again.defaultHostName).toBe(env.kudu.appHost);
    expect((await c.web.webApps.listApplicationSettings('rg-w', 'app-bot')).properties).toEqual({
      D: '4',
    });
    const puts = env.fake.requests.filter(
      (r) => r.method === 'PUT' && r.path.endsWith('/sites/app-bot'),
    );
    expect(puts.map((r) => r.status)).toEqual([404, 201, 200]);
    expect(puts[1]?.query).toBe('?api-version=2025-05-01');
  });

  it('site names are global: 409 as App Service answers; a busy plan cannot be deleted', async () => {
    const taken = await armError(
      c.web.webApps.beginCreateOrUpdateAndWait('rg-w', 'taken-app', site({})),
    );
    expect([taken.status, taken.code, taken.message]).toEqual([
      409,
      'Conflict',
      'Website with given name taken-app already exists.',
    ]);
    const busy = await armError(c.web.appServicePlans.delete('rg-w', 'plan-bot'));
    expect(busy.status).toBe(409);
  });

  it('bot registration with a managed identity, Teams channel, validation and taken handles', async () => {
    const bot = (name: string, endpoint: string) =>
      c.bot.bots.create('rg-w', name, {
        location: 'global',
        kind: 'azurebot',
        sku: { name: 'F0' },
        properties: {
          displayName: name,
          endpoint,
          msaAppId: clientId,
          msaAppType: 'UserAssignedMSI',
          msaAppMSIResourceId: identityId,
          msaAppTenantId: env.fake.state.hosting.settings.tenantId,
        },
      });
    const created = await bot('bot-llmops', `https://${env.kudu.appHost}/api/messages`);
    expect(created.properties?.msaAppType).toBe('UserAssignedMSI');
    expect((await bot('bot-llmops', `https://${env.kudu.appHost}/api/messages`)).name).toBe(
      'bot-llmops',
    );
    const insecure = await armError(bot('bot-http', `http://${env.kudu.appHost}/api/messages`));
    expect([insecure.status, insecure.code]).toEqual([400, 'InvalidBotData']);
    const taken = await armError(bot('taken-bot', `https://${env.kudu.appHost}/api/messages`));
    expect(taken.message).toContain('already registered to another bot application');
    const noMsi = await armError(
      c.bot.bots.create('rg-w', 'bot-nomsi', {
        location: 'global',
        kind: 'azurebot',
        sku: { name: 'F0' },
        properties: {
          displayName: 'x',
          endpoint: 'https://x/api/messages',
          msaAppId: clientId,
          msaAppType: 'UserAssignedMSI',
        },
      }),
    );
    expect(noMsi.code).toBe('InvalidBotData');

    const teams = {
      location: 'global',
      properties: { channelName: 'MsTeamsChannel' as const, properties: { isEnabled: true } },
    };
    await c.bot.channels.create('rg-w', 'bot-llmops', 'MsTeamsChannel', teams);
    expect(
      (await c.bot.channels.get('rg-w', 'bot-llmops', 'MsTeamsChannel')).properties?.channelName,
    ).toBe('MsTeamsChannel');
    expect((await c.bot.bots.get('rg-w', 'bot-llmops')).properties?.configuredChannels).toContain(
      'msteams',
    );
    expect(
      (await armError(c.bot.channels.create('rg-w', 'bot-none', 'MsTeamsChannel', teams))).status,
    ).toBe(404);
    expect(env.fake.inventory()).toMatchObject({
      bots: ['rg-w/bot-llmops'],
      botChannels: ['rg-w/bot-llmops/MsTeamsChannel'],
    });
    await c.bot.channels.delete('rg-w', 'bot-llmops', 'MsTeamsChannel');
    await c.bot.bots.delete('rg-w', 'bot-llmops');
    await c.bot.bots.delete('rg-w', 'bot-llmops');
    expect(
      env.fake.requests
        .filter((r) => r.method === 'DELETE' && r.path.includes('/botServices/'))
        .map((r) => r.status),
    ).toEqual([200, 200, 204]);
  });

  it('Kudu: 401 without an ARM token; a bad package fails; a good one makes /readyz 200', async () => {
    const scm = `https://${env.kudu.scmHost}/api/zipdeploy?isAsync=true`;
    const readyz = `https://${env.kudu.appHost}/readyz`;
    const good = await zipOf({
      'package.json': '{}',
      'dist/src/index.js': '',
      'node_modules/x/index.js': '',
    });
    expect((await fetch(scm, { method: 'POST', body: good })).status).toBe(401);
    const wrong = (await c.credential.getToken('https://vault.azure.net/.default'))?.token ?? '';
    expect(
      (
        await fetch(scm, {
          method: 'POST',
          body: good,
          headers: { authorization: `Bearer ${wrong}` },
        })
      ).status,
    ).toBe(401);
    expect((await fetch(readyz)).status).toBe(503);

    const token =
      (await c.credential.getToken('https://management.azure.com/.default'))?.token ?? '';
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/zip' };
    const bad = await fetch(scm, {
      method: 'POST',
      body: await zipOf({ 'index.js': '' }),
      headers,
    });
    expect(bad.status).toBe(202);
    const failed = await waitForDeployment(bad.headers.get('location') ?? '', token);
    expect(failed.last.status).toBe(KUDU_STATUS.failed);
    const log = await fetch(String(failed.last.log_url), { headers });
    expect(JSON.stringify(await log.json())).toContain('dist/src/index.js');
    expect((await fetch(readyz)).status).toBe(503);

    const res = await fetch(scm, { method: 'POST', body: good, headers });
    const location = res.headers.get('location') ?? '';
    expect(location.startsWith(`https://${env.kudu.scmHost}/api/deployments/latest?`)).toBe(true);
    const ok = await waitForDeployment(location, token);
    expect(ok.seen).toEqual([202, 200]);
    expect(ok.last).toMatchObject({ status: KUDU_STATUS.success, complete: true });
    expect(env.kudu.deployments.at(-1)).toMatchObject({ bytes: good.length, valid: true });
    expect(env.kudu.deployments.at(-1)?.files.sort()).toEqual([
      'dist/src/index.js',
      'node_modules/x/index.js',
      'package.json',
    ]);
    const ready = await fetch(readyz);
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready' }]);
    expect(
      (await fetch(`https://${env.kudu.appHost}/api/messages`, { method: 'POST' })).status,
    ).toBe(401);
  });

  it('deleting the group removes the plan, site and identity', async () => {
    await c.resources.resourceGroups.beginDeleteAndWait('rg-w', { updateIntervalInMs: 5 });
    expect(env.fake.isEmpty()).toBe(true);
  });
});
