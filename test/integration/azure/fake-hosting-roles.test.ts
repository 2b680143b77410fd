import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  armError,
  startHostingTestEnv,
  type HostingClients,
  type HostingTestEnv,
} from '../../fakes/fake-arm/hosting-test-env';

const LOC = 'swedencentral';
const OPENAI_USER = '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd';
const OPERATOR = 'aaaaaaaa-0000-0000-0000-000000000001';

describe('fake ARM: role assignments (real AuthorizationManagementClient)', () => {
  let env: HostingTestEnv;
  let c: HostingClients;
  let sub: string;
  const role = () =>
    `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${OPENAI_USER}`;
  beforeAll(async () => {
    env = await startHostingTestEnv({ principalReplicationCalls: 2, knownPrincipals: [OPERATOR] });
    c = env.clients();
    sub = env.fake.state.subscriptionId;
    await c.resources.resourceGroups.createOrUpdate('rg-r', { location: LOC });
  });
  afterAll(async () => {
    await env.stop();
  });

  it('a new identity answers PrincipalNotFound until it has replicated, then 201; re-create 200', async () => {
    const id = await c.msi.userAssignedIdentities.createOrUpdate('rg-r', 'id-new', {
      location: LOC,
    });
    const principalId = id.principalId ?? '';
    const scope = `/subscriptions/${sub}/resourceGroups/rg-r`;
    const name = randomUUID();
    const params = { roleDefinitionId: role(), principalId, principalType: 'ServicePrincipal' };
    for (let i = 0; i < 2; i++) {
      const err = await armError(c.authorization.roleAssignments.create(scope, name, params));
      expect([err.status, err.code]).toEqual([400, 'PrincipalNotFound']);
    }
    const ra = await c.authorization.roleAssignments.create(scope, name, params);
    expect([ra.scope, ra.principalId, ra.principalType]).toEqual([
      scope,
      principalId,
      'ServicePrincipal',
    ]);
    expect(ra.id).toBe(`${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`);
    await c.authorization.roleAssignments.create(scope, name, params);
    const puts = env.fake.requests.filter((r) => r.method === 'PUT' && r.path.endsWith(name));
    expect(puts.map((r) => r.status)).toEqual([400, 400, 201, 200]);
    expect(puts[0]?.query).toBe('?api-version=2022-04-01');
    expect((await c.authorization.roleAssignments.get(scope, name)).roleDefinitionId).toBe(role());

    const dup = await armError(c.authorization.roleAssignments.create(scope, randomUUID(), params));
    expect([dup.status, dup.code]).toEqual([409, 'RoleAssignmentExists']);
  });

  it('an unknown principal, a missing group, a non-GUID name are refused', async () => {
    const scope = `/subscriptions/${sub}/resourceGroups/rg-r`;
    const params = { roleDefinitionId: role(), principalId: randomUUID() };
    expect(
      (await armError(c.authorization.roleAssignments.create(scope, randomUUID(), params))).code,
    ).toBe('PrincipalNotFound');
    const known = { roleDefinitionId: role(), principalId: OPERATOR, principalType: 'User' };
    const noGroup = await armError(
      c.authorization.roleAssignments.create(`${scope}-none`, randomUUID(), known),
    );
    expect([noGroup.status, noGroup.code]).toEqual([404, 'ResourceGroupNotFound']);
    const badName = await armError(c.authorization.roleAssignments.create(scope, 'x', known));
    expect(badName.code).toBe('InvalidRoleAssignmentId');
  });

  it('subscription scope, listForScope with filters, delete 200 then 204', async () => {
    const subScope = `/subscriptions/${sub}`;
    const name = randomUUID();
    const params = { roleDefinitionId: role(), principalId: OPERATOR, principalType: 'User' };
    await c.authorization.roleAssignments.create(subScope, name, params);
    const all = [];
    for await (const ra of c.authorization.roleAssignments.listForScope(
      `${subScope}/resourceGroups/rg-r`,
    ))
      all.push(ra.principalId);
    expect(all.sort()).toHaveLength(2);
    const mine = [];
    for await (const ra of c.authorization.roleAssignments.listForScope(subScope, {
      filter: `principalId eq '${OPERATOR}'`,
    }))
      mine.push(ra.name);
    expect(mine).toEqual([name]);
    await c.authorization.roleAssignments.delete(subScope, name);
    await c.authorization.roleAssignments.delete(subScope, name);
    const deletes = env.fake.requests.filter((r) => r.method === 'DELETE' && r.path.endsWith(name));
    expect(deletes.map((r) => r.status)).toEqual([200, 204]);
    expect((await armError(c.authorization.roleAssignments.get(subScope, name))).code).toBe(
      'RoleAssignmentNotFound',
    );
  });

  it('deleting the group removes the assignments scoped to it', async () => {
    expect(env.fake.inventory().roleAssignments).toHaveLength(1);
    await c.resources.resourceGroups.beginDeleteAndWait('rg-r', { updateIntervalInMs: 5 });
    expect(env.fake.isEmpty()).toBe(true);
  });
});
