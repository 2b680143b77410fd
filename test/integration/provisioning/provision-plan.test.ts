import { describe, expect, it } from 'vitest';
import { cardOf, cardText, DEFAULT_USER } from '../../support/bot-harness';
import { actionData, labPerTest, saveCard, until, type LabRig } from './lab-rig';

const lab = labPerTest();

/** No DATABRICKS_SINGLE_USER: the owner comes from Teams or nowhere. */
const NO_CONFIGURED_OWNER = { DATABRICKS_SINGLE_USER: '' };

/** Sends `provision`, returns the reply (card or text) and the plan's operation id. */
async function plan(r: LabRig) {
  const activity = r.h.a.personal('provision');
  await r.h.send(activity);
  const reply = r.h.connector.requests.find(
    (q) => q.method === 'POST' && q.body?.replyToId === activity.id,
  );
  const card = cardOf(reply?.body);
  const id = actionData(card)['provision.confirm']?.operationId as string | undefined;
  return { reply, card, text: card ? cardText(card) : String(reply?.body?.text), id };
}

/** The value of one fact row of a card, by its title. */
function fact(card: Record<string, unknown> | undefined, title: string): string | undefined {
  const facts = JSON.stringify(card).match(/"title":"[^"]*","value":"[^"]*"/g) ?? [];
  const row = facts.find((f) => f.startsWith(`"title":"${title}"`));
  return row ? /"value":"([^"]*)"/.exec(row)?.[1] : undefined;
}

describe('provision: whose cluster, and a re-run where the lab is', { timeout: 90_000 }, () => {
  it("makes the cluster the requester's, by the UPN Teams gives, never the object id", async () => {
    const r = await lab.start(NO_CONFIGURED_OWNER);
    r.h.connector.members.set(DEFAULT_USER.id, {
      id: DEFAULT_USER.id,
      name: DEFAULT_USER.name,
      aadObjectId: DEFAULT_USER.aadObjectId,
      userPrincipalName: 'ona.call@contoso.com',
      email: 'Ona.Call@contoso.com',
      givenName: 'Ona',
      surname: 'Call',
      tenantId: 'tenant-1',
      userRole: 'user',
    });
    const { card, id } = await plan(r);
    expect(r.h.connector.memberLookups).toEqual([DEFAULT_USER.id]);
    expect(fact(card, 'Cluster owner')).toBe('ona.call@contoso.com (you, from Teams)');
    saveCard('provision-plan-owner', card);
    await r.h.send(
      r.h.a.invokeAction('provision.confirm', { operationId: id }, { replyToId: 'plan-owner' }),
    );
    await until(() => r.clusters.creates.length > 0, 'the cluster create', 60_000);
    expect(r.clusters.creates[0]?.single_user_name).toBe('ona.call@contoso.com');
    expect(JSON.stringify(r.clusters.creates)).not.toContain(DEFAULT_USER.aadObjectId);
  });

  it('with no UPN from Teams and no configured owner, says what to set and plans nothing', async () => {
    const r = await lab.start(NO_CONFIGURED_OWNER);
    const { card, text } = await plan(r);
    expect(card).toBeUndefined();
    expect(text).toContain('Set DATABRICKS_SINGLE_USER');
    expect(text).not.toContain(DEFAULT_USER.aadObjectId);
    expect(await r.operations()).toEqual([]);
  });

  it('a re-run plans the region the lab is in and lists what is already there', async () => {
    const r = await lab.start();
    // The lab as an earlier run left it, in a region this plan would never pick (no gpt-5-mini).
    const p = lab.arm().provisioner();
    await p.ensureResourceGroup({
      name: 'rg-llmops-lab',
      location: 'switzerlandwest',
      requester: DEFAULT_USER.name,
      environment: 'llmops-lab',
    });
    await p.ensureOpenAIAccount({
      resourceGroup: 'rg-llmops-lab',
      name: 'aoai-llmops-lab',
      regions: ['switzerlandwest'],
    });
    const { card, id } = await plan(r);
    expect(fact(card, 'Region')).toBe('switzerlandwest (the lab is already there)');
    expect(fact(card, 'Already there')).toMatch(
      /rg-llmops-lab \(Succeeded\), aoai-llmops-lab \(Succeeded\); kept as they are/,
    );
    saveCard('provision-plan-rerun', card);
    const op = (await r.operations()).find((o) => o.id === id);
    expect((op?.params as { regions?: string[] }).regions?.[0]).toBe('switzerlandwest');
    // Its model comes from that region's catalogue (no gpt-5-mini there).
    expect(op?.plan).toContain('rg-llmops-lab in switzerlandwest: gpt-4.1-mini');
  });
});

describe('provision: a model the region cannot deploy', { timeout: 60_000 }, () => {
  it('names the model asked for and what the catalogue offers instead', async () => {
    const r = await lab.start();
    const said = async (line: string) => {
      const activity = r.h.a.personal(line);
      await r.h.send(activity);
      const reply = r.h.connector.requests.find((q) => q.body?.replyToId === activity.id);
      return String(reply?.body?.text);
    };
    const retired = await said('provision --model gpt-35-turbo');
    expect(retired).toContain('gpt-35-turbo is deprecated or retiring');
    expect(retired).toContain('offer: gpt-5-mini, gpt-4.1-mini.');
    expect(retired).toContain('`provision --model gpt-5-mini`');

    // Switzerland West has no gpt-5 family, and its gpt-4o-mini is retired by the lab's "today".
    const absent = await said('provision --model gpt-5-mini --region switzerlandwest');
    expect(absent).toContain('gpt-5-mini is not offered in switzerlandwest.');
    expect(absent).toContain('switzerlandwest offers: gpt-4.1-mini.');
    expect(absent).not.toContain('gpt-35-turbo');
    expect(await r.operations()).toEqual([]);
  });
});
