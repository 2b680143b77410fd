import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  armError,
  startHostingTestEnv,
  type HostingClients,
  type HostingTestEnv,
} from '../../fakes/fake-arm/hosting-test-env';

const LOC = 'swedencentral';

describe('fake ARM: identities, monitoring, PostgreSQL (real SDK clients)', () => {
  let env: HostingTestEnv;
  let c: HostingClients;
  beforeAll(async () => {
    env = await startHostingTestEnv({
      takenNames: { postgres: ['pg-taken'] },
      postgresHost: '127.0.0.9',
    });
    c = env.clients();
    await c.resources.resourceGroups.createOrUpdate('rg-h', { location: LOC });
  });
  afterAll(async () => {
    await env.stop();
  });

  it('user-assigned identity: 201 then 200 with the same principal, list, delete 200 then 204', async () => {
    const created = await c.msi.userAssignedIdentities.createOrUpdate('rg-h', 'id-bot', {
      location: LOC,
    });
    expect(created.tenantId).toBe(env.fake.state.hosting.settings.tenantId);
    expect(created.principalId).toMatch(/^[0-9a-f-]{36}$/);
    const again = await c.msi.userAssignedIdentities.createOrUpdate('rg-h', 'id-bot', {
      location: LOC,
      tags: { a: 'b' },
    });
    expect([again.principalId, again.clientId]).toEqual([created.principalId, created.clientId]);
    const statuses = env.fake.requests.filter(
      (r) => r.method === 'PUT' && r.path.endsWith('/id-bot'),
    );
    expect(statuses.map((r) => [r.status, r.query])).toEqual([
      [201, '?api-version=2024-11-30'],
      [200, '?api-version=2024-11-30'],
    ]);
    const listed = [];
    for await (const i of c.msi.userAssignedIdentities.listByResourceGroup('rg-h'))
      listed.push(i.name);
    expect(listed).toEqual(['id-bot']);
    expect((await c.msi.userAssignedIdentities.get('rg-h', 'id-bot')).clientId).toBe(
      created.clientId,
    );

    await c.msi.userAssignedIdentities.createOrUpdate('rg-h', 'id-gone', { location: LOC });
    await c.msi.userAssignedIdentities.delete('rg-h', 'id-gone');
    await c.msi.userAssignedIdentities.delete('rg-h', 'id-gone');
    const deletes = env.fake.requests.filter(
      (r) => r.method === 'DELETE' && r.path.endsWith('/id-gone'),
    );
    expect(deletes.map((r) => r.status)).toEqual([200, 204]);
    expect((await armError(c.msi.userAssignedIdentities.get('rg-h', 'id-gone'))).status).toBe(404);
  });

  it('Log Analytics: body-polled create, idempotent re-create, force delete', async () => {
    const before = env.fake.requests.length;
    const ws = await c.logAnalytics.workspaces.beginCreateOrUpdateAndWait(
      'rg-h',
      'log-bot',
      { location: LOC, sku: { name: 'PerGB2018' }, retentionInDays: 30 },
      { updateIntervalInMs: 5 },
    );
    expect(ws.provisioningState).toBe('Succeeded');
    expect(ws.customerId).toMatch(/^[0-9a-f-]{36}$/);
    const polls = env.fake.requests
      .slice(before)
      .filter((r) => r.method === 'GET' && r.path.endsWith('/log-bot'));
    expect(polls.length).toBeGreaterThanOrEqual(2);
    const again = await c.logAnalytics.workspaces.beginCreateOrUpdateAndWait('rg-h', 'log-bot', {
      location: LOC,
      sku: { name: 'PerGB2018' },
      retentionInDays: 30,
    });
    expect(again.customerId).toBe(ws.customerId);
    expect((await c.logAnalytics.workspaces.get('rg-h', 'log-bot')).sku?.name).toBe('PerGB2018');
    await c.logAnalytics.workspaces.beginCreateOrUpdateAndWait(
      'rg-h',
      'log-tmp',
      { location: LOC },
      { updateIntervalInMs: 5 },
    );
    await c.logAnalytics.workspaces.beginDeleteAndWait('rg-h', 'log-tmp', { force: true });
    expect(env.fake.requests.at(-1)?.query).toContain('force=true');
    expect(env.fake.inventory().logAnalytics).toEqual(['rg-h/log-bot']);
    expect(env.fake.inventory().softDeletedLogAnalytics).toEqual([]);
  });

  it('Application Insights through the generic client: connection string; 400 for a missing workspace', async () => {
    const sub = env.fake.state.subscriptionId;
    const wsId = `/subscriptions/${sub}/resourceGroups/rg-h/providers/Microsoft.OperationalInsights/workspaces/log-bot`;
    const id = `/subscriptions/${sub}/resourceGroups/rg-h/providers/Microsoft.Insights/components/appi-bot`;
    const body = {
      location: LOC,
      kind: 'web',
      properties: {
        Application_Type: 'web',
        WorkspaceResourceId: wsId,
        IngestionMode: 'LogAnalytics',
      },
    };
    const created = await c.resources.resources.beginCreateOrUpdateByIdAndWait(
      id,
      '2020-02-02',
      body,
      {
        updateIntervalInMs: 5,
      },
    );
    const props = created.properties as Record<string, string>;
    expect(props.provisioningState).toBe('Succeeded');
    expect(props.ConnectionString).toBe(
      `InstrumentationKey=${props.InstrumentationKey};IngestionEndpoint=https://${LOC}.in.applicationinsights.azure.com/;LiveEndpoint=https://${LOC}.livediagnostics.monitor.azure.com/;ApplicationId=${props.AppId}`,
    );
    const again = await c.resources.resources.beginCreateOrUpdateByIdAndWait(
      id,
      '2020-02-02',
      body,
    );
    expect((again.properties as Record<string, string>).InstrumentationKey).toBe(
      props.InstrumentationKey,
    );
    expect((await c.resources.resources.getById(id, '2020-02-02')).kind).toBe('web');
    const bad = {
      ...body,
      properties: { ...body.properties, WorkspaceResourceId: `${wsId}-nope` },
    };
    const err = await armError(
      c.resources.resources.beginCreateOrUpdateByIdAndWait(`${id}2`, '2020-02-02', bad),
    );
    expect(err.status).toBe(400);
    expect((await armError(c.resources.resources.getById(id, '2015-01-01'))).code).toBe(
      'NoRegisteredProviderFound',
    );
    await c.resources.resources.beginDeleteByIdAndWait(`${id}-tmp`, '2020-02-02');
    expect(env.fake.requests.at(-1)?.status).toBe(204);
  });

  it('PostgreSQL: async create (GET shows Provisioning meanwhile), Entra-only auth, children, name conflicts', async () => {
    const server = {
      location: LOC,
      sku: { name: 'Standard_B1ms', tier: 'Burstable' as const },
      version: '16' as const,
      storage: { storageSizeGB: 32 },
      authConfig: {
        activeDirectoryAuth: 'Enabled' as const,
        passwordAuth: 'Disabled' as const,
        tenantId: 'tid',
      },
      network: { publicNetworkAccess: 'Enabled' as const },
    };
    const poller = await c.postgres.servers.beginCreateOrUpdate('rg-h', 'pg-bot', server, {
      updateIntervalInMs: 5,
    });
    const put = env.fake.requests.find((r) => r.method === 'PUT' && r.path.endsWith('/pg-bot'));
    expect(put?.status).toBe(202);
    expect((await c.postgres.servers.get('rg-h', 'pg-bot')).state).toBe('Provisioning');
    const created = await poller.pollUntilDone();
    expect(created.state).toBe('Ready');
    expect(created.fullyQualifiedDomainName).toBe('127.0.0.9');
    expect(created.administratorLogin).toBeUndefined();
    const opPolls = env.fake.requests.filter((r) => r.path.includes('/operationStatuses/'));
    expect(opPolls.length).toBeGreaterThanOrEqual(2);
    expect(
      (await c.postgres.servers.beginCreateOrUpdateAndWait('rg-h', 'pg-bot', server)).state,
    ).toBe('Ready');

    const pwd = {
      ...server,
      authConfig: { activeDirectoryAuth: 'Disabled' as const, passwordAuth: 'Enabled' as const },
    };
    expect(
      (await armError(c.postgres.servers.beginCreateOrUpdateAndWait('rg-h', 'pg-pwd', pwd))).status,
    ).toBe(400);
    const taken = await armError(
      c.postgres.servers.beginCreateOrUpdateAndWait('rg-h', 'pg-taken', server),
    );
    expect([taken.status, taken.code]).toEqual([409, 'ServerNameAlreadyExists']);

    await c.postgres.databases.beginCreateAndWait(
      'rg-h',
      'pg-bot',
      'llmops',
      { charset: 'UTF8' },
      { updateIntervalInMs: 5 },
    );
    expect((await c.postgres.databases.get('rg-h', 'pg-bot', 'llmops')).collation).toBe(
      'en_US.utf8',
    );
    const rule = { startIpAddress: '0.0.0.0', endIpAddress: '0.0.0.0' };
    await c.postgres.firewallRules.beginCreateOrUpdateAndWait(
      'rg-h',
      'pg-bot',
      'AllowAllAzureServicesAndResourcesWithinAzureIps',
      rule,
      { updateIntervalInMs: 5 },
    );
    const oid = '11111111-2222-3333-4444-555555555555';
    await c.postgres.administratorsMicrosoftEntra.beginCreateOrUpdateAndWait(
      'rg-h',
      'pg-bot',
      oid,
      { principalType: 'ServicePrincipal', principalName: 'id-bot', tenantId: 'tid' },
      { updateIntervalInMs: 5 },
    );
    expect(
      (await c.postgres.administratorsMicrosoftEntra.get('rg-h', 'pg-bot', oid)).principalName,
    ).toBe('id-bot');
    const admins = [];
    for await (const a of c.postgres.administratorsMicrosoftEntra.listByServer('rg-h', 'pg-bot'))
      admins.push(a.objectId);
    expect(admins).toEqual([oid]);
    const orphan = await armError(
      c.postgres.databases.beginCreateAndWait('rg-h', 'pg-none', 'db', {}),
    );
    expect([orphan.status, orphan.code]).toEqual([404, 'ParentResourceNotFound']);
    expect(env.fake.inventory()).toMatchObject({
      postgresServers: ['rg-h/pg-bot'],
      postgresDatabases: ['rg-h/pg-bot/llmops'],
      postgresFirewallRules: ['rg-h/pg-bot/AllowAllAzureServicesAndResourcesWithinAzureIps'],
      postgresAdmins: [`rg-h/pg-bot/${oid}`],
    });
  });

  it('generic listing sees every kind; deleting the group removes them all', async () => {
    const types = [];
    for await (const r of c.resources.resources.listByResourceGroup('rg-h'))
      types.push(`${r.type}/${r.name}`);
    expect(types.sort()).toEqual([
      'Microsoft.DBforPostgreSQL/flexibleServers/pg-bot',
      'Microsoft.Insights/components/appi-bot',
      'Microsoft.ManagedIdentity/userAssignedIdentities/id-bot',
      'Microsoft.OperationalInsights/workspaces/log-bot',
    ]);
    await c.postgres.databases.beginDeleteAndWait('rg-h', 'pg-bot', 'llmops', {
      updateIntervalInMs: 5,
    });
    expect(env.fake.inventory().postgresDatabases).toEqual([]);
    await c.resources.resourceGroups.beginDeleteAndWait('rg-h', { updateIntervalInMs: 5 });
    expect(env.fake.isEmpty()).toBe(true);
  });
});
