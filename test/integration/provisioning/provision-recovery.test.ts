import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { key } from '../../fakes/fake-arm/fake-arm-state';
import { cardOf, cardText, DEFAULT_USER } from '../../support/bot-harness';
import {
  actionData,
  invokeCard,
  lastCardText,
  saveCard,
  startArm,
  startLab,
  type ArmEnv,
  until,
  updatesOf,
  type LabRig,
} from './lab-rig';

let arm: ArmEnv;
beforeAll(async () => {
  arm = await startArm();
});
afterAll(async () => {
  await arm.stop();
});
let rig: LabRig | undefined;
afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

const RG = 'rg-llmops-lab';
const ACCOUNT = 'aoai-llmops-lab';
const stateOf = async (r: LabRig, id: string) => (await r.operations()).find((o) => o.id === id);

/** Plans and confirms `provision` on card `cardId`; waits for it to fail on the account step. */
async function provisionUntilFailed(r: LabRig, cardId: string) {
  const activity = r.h.a.personal('provision');
  await r.h.send(activity);
  const reply = r.h.connector.requests.find(
    (q) => q.method === 'POST' && q.body?.replyToId === activity.id,
  );
  const id = actionData(cardOf(reply?.body))['provision.confirm']?.operationId as string;
  await r.h.send(
    r.h.a.invokeAction('provision.confirm', { operationId: id }, { replyToId: cardId }),
  );
  await until(async () => (await stateOf(r, id))?.state === 'failed', 'provision to fail', 60_000);
  await until(() => /Failed/i.test(lastCardText(r.h, cardId)), 'the failed card');
  const failedCard = cardOf(updatesOf(r.h, cardId).at(-1)?.body);
  expect((await stateOf(r, id))?.steps.find((s) => s.id === 'account')?.status).toBe('failed');
  return {
    id,
    failedCard,
    regions: ((await stateOf(r, id))?.params as { regions?: string[] } | undefined)?.regions ?? [],
  };
}

/** Presses a recovery button as Teams would (the verb and data the card carries). */
async function press(
  r: LabRig,
  card: Record<string, unknown> | undefined,
  verb: string,
  cardId: string,
) {
  const data = actionData(card)[verb];
  expect(data, `button ${verb} on the card`).toBeDefined();
  const rest = Object.fromEntries(Object.entries(data ?? {}).filter(([k]) => k !== 'verb'));
  const res = await r.h.send(r.h.a.invokeAction(verb, rest, { replyToId: cardId }));
  const progress = invokeCard(res.body);
  expect(cardText(progress)).toContain('Provision llmops-lab');
  const retry = (await r.operations()).find(
    (o) => o.kind === 'provision' && o.id !== rest.operationId,
  );
  expect(retry).toBeDefined();
  const retryId = retry?.id ?? '';
  await until(
    async () => (await stateOf(r, retryId))?.state === 'succeeded',
    'the retry to finish',
    60_000,
  );
  await until(() => /✔ Done/.test(lastCardText(r.h, cardId)), 'the same card to finish');
  return retryId;
}

/** Seeds a soft-deleted account with the lab's name (as a cleanup 10 minutes ago would). */
function seedSoftDeleted(r: LabRig, location: string): void {
  r.arm.fake.state.deletedAccounts.set(key(RG, ACCOUNT), {
    rg: RG,
    name: ACCOUNT,
    location,
    kind: 'OpenAI',
    sku: 'S0',
    subdomain: ACCOUNT,
    deletedAt: new Date(Date.now() - 600_000).toISOString(),
  });
}

describe('provision recovery buttons', { timeout: 120_000 }, () => {
  it('restores a soft-deleted account of the same name, in its old region', async () => {
    rig = await startLab(arm);
    const r = rig;
    seedSoftDeleted(r, 'northcentralus');
    const failed = await provisionUntilFailed(r, 'card-restore');
    const text = cardText(failed.failedCard);
    expect(text).toMatch(/soft-deleted/);
    expect(Object.keys(actionData(failed.failedCard))).toEqual([
      'provision.restore',
      'provision.purge',
    ]);
    saveCard('provision-failed-soft-deleted', failed.failedCard);
    expect(r.arm.fake.inventory().accounts).toEqual([]);

    const retryId = await press(r, failed.failedCard, 'provision.restore', 'card-restore');
    expect(r.arm.fake.inventory().accounts).toEqual([`${RG}/${ACCOUNT}@northcentralus:Succeeded`]);
    expect(r.arm.fake.inventory().deletedAccounts).toEqual([]);
    const put = r.arm.fake.requests.filter(
      (q) => q.method === 'PUT' && q.path.endsWith(`/accounts/${ACCOUNT}`),
    );
    expect(JSON.stringify(put.at(-1)?.body)).toContain('"restore":true');
    const done = await stateOf(r, retryId);
    expect(done?.outputs.region).toBe('northcentralus');
    expect(done?.steps.find((s) => s.id === 'account')?.note).toContain('restored');
    expect(lastCardText(r.h, 'card-restore')).toContain(`https://${ACCOUNT}.openai.azure.com/`);
    const audit = (await r.h.auditEntries()).filter((e) => e.action === 'provision');
    expect(audit.map((e) => e.result).reverse()).toEqual(['planned', 'failed', 'planned', 'ok']);

    // A second press of the stale button (a double tap) starts nothing.
    const runs = (await r.operations()).length;
    const again = await r.h.send(
      r.h.a.invokeAction(
        'provision.restore',
        { operationId: failed.id },
        { replyToId: 'card-restore' },
      ),
    );
    expect(invokeCard(again.body)).toBeUndefined();
    await until(
      () => r.h.connector.requests.some((q) => /already retried/.test(String(q.body?.text))),
      'the refusal',
    );
    expect(await r.operations()).toHaveLength(runs);
  });

  it('purges the soft-deleted account and creates a fresh one in the planned region', async () => {
    rig = await startLab(arm);
    const r = rig;
    seedSoftDeleted(r, 'northcentralus');
    const failed = await provisionUntilFailed(r, 'card-purge');
    const retryId = await press(r, failed.failedCard, 'provision.purge', 'card-purge');
    const region = failed.regions[0] ?? '';
    expect((await stateOf(r, retryId))?.outputs.region).toBe(region);
    expect(r.arm.fake.inventory().accounts).toEqual([`${RG}/${ACCOUNT}@${region}:Succeeded`]);
    expect(r.arm.fake.inventory().deletedAccounts).toEqual([]);
    expect(
      r.arm.fake.requests.some(
        (q) => q.method === 'DELETE' && /\/deletedAccounts\/aoai-llmops-lab$/i.test(q.path),
      ),
    ).toBe(true);
  });

  it('uses the proposed name when the custom subdomain is taken', async () => {
    rig = await startLab(arm);
    const r = rig;
    r.arm.fake.state.takenSubdomains.add(ACCOUNT);
    const failed = await provisionUntilFailed(r, 'card-rename');
    const proposed = (await stateOf(r, failed.id))?.outputs.proposedName ?? '';
    expect(proposed).toMatch(new RegExp(`^${ACCOUNT}-[a-z0-9]{4}$`));
    const labels = ((failed.failedCard?.actions ?? []) as { title?: string }[]).map((a) => a.title);
    expect(labels).toEqual([`Use ${proposed}`]);
    expect(cardText(failed.failedCard)).toMatch(/already taken/);
    saveCard('provision-failed-subdomain', failed.failedCard);

    const retryId = await press(r, failed.failedCard, 'provision.rename', 'card-rename');
    const region = (await stateOf(r, retryId))?.outputs.region ?? '';
    expect(r.arm.fake.inventory().accounts).toEqual([`${RG}/${proposed}@${region}:Succeeded`]);
    expect(r.arm.fake.inventory().deployments).toEqual([
      expect.stringMatching(new RegExp(`^${proposed}/`)),
    ]);
    expect((await stateOf(r, retryId))?.outputs.endpoint).toBe(
      `https://${proposed}.openai.azure.com/`,
    );
  });

  it('retries in the next region when the fallback is "ask"', async () => {
    rig = await startLab(arm, { AZURE_QUOTA_REGION_FALLBACK: 'ask' });
    const r = rig;
    // Which regions the plan proposes is random among those with quota: fault them all but one
    // only after planning, on the first candidate.
    const activityPlan = await (async () => {
      const a = r.h.a.personal('provision', { from: DEFAULT_USER });
      await r.h.send(a);
      const reply = r.h.connector.requests.find(
        (q) => q.method === 'POST' && q.body?.replyToId === a.id,
      );
      return actionData(cardOf(reply?.body))['provision.confirm']?.operationId as string;
    })();
    const regions =
      ((await stateOf(r, activityPlan))?.params as { regions?: string[] } | undefined)?.regions ??
      [];
    const [first = '', second = ''] = regions;
    expect(second).not.toBe('');
    r.arm.fake.state.regionFaults.set(first, { on: 'account', code: 'InsufficientQuota' });
    await r.h.send(
      r.h.a.invokeAction(
        'provision.confirm',
        { operationId: activityPlan },
        { replyToId: 'card-q' },
      ),
    );
    await until(
      async () => (await stateOf(r, activityPlan))?.state === 'failed',
      'provision to fail',
      60_000,
    );
    await until(() => /Retry in/.test(lastCardText(r.h, 'card-q')), 'the failed card');
    const failedCard = cardOf(updatesOf(r.h, 'card-q').at(-1)?.body);
    const labels = ((failedCard?.actions ?? []) as { title?: string }[]).map((a) => a.title);
    expect(labels).toEqual([`Retry in ${second}`]);
    expect(r.arm.fake.inventory().accounts).toEqual([]);
    saveCard('provision-failed-quota', failedCard);

    const retryId = await press(r, failedCard, 'provision.region', 'card-q');
    expect((await stateOf(r, retryId))?.outputs.region).toBe(second);
    expect(r.arm.fake.inventory().accounts).toEqual([`${RG}/${ACCOUNT}@${second}:Succeeded`]);
  });

  it('moves the account when the deployment has no quota where the account is', async () => {
    rig = await startLab(arm);
    const r = rig;
    const ask = r.h.a.personal('provision');
    await r.h.send(ask);
    const plan = r.h.connector.requests.find((q) => q.body?.replyToId === ask.id);
    const id = actionData(cardOf(plan?.body))['provision.confirm']?.operationId as string;
    const params = (await stateOf(r, id))?.params as { regions: string[] };
    const [first = '', second = ''] = params.regions;
    expect(second).not.toBe('');
    // The account is accepted in the first region; the model deployment there is not.
    r.arm.fake.state.regionFaults.set(first, { on: 'deployment', code: 'InsufficientQuota' });
    await r.h.send(
      r.h.a.invokeAction('provision.confirm', { operationId: id }, { replyToId: 'card-m' }),
    );
    await until(async () => (await stateOf(r, id))?.state === 'failed', 'provision to fail');
    await until(() => /Move the account/.test(lastCardText(r.h, 'card-m')), 'the failed card');
    expect((await stateOf(r, id))?.steps.find((s) => s.id === 'deployment')?.status).toBe('failed');
    const failedCard = cardOf(updatesOf(r.h, 'card-m').at(-1)?.body);
    const labels = ((failedCard?.actions ?? []) as { title?: string }[]).map((a) => a.title);
    expect(labels).toEqual([`Move the account to ${second}`]);
    expect(cardText(failedCard)).toContain(`Retry in ${second}`);
    saveCard('provision-failed-deployment-quota', failedCard);
    expect(r.arm.fake.inventory().accounts).toEqual([`${RG}/${ACCOUNT}@${first}:Succeeded`]);

    const retryId = await press(r, failedCard, 'provision.move', 'card-m');
    const done = await stateOf(r, retryId);
    expect(done?.outputs.region).toBe(second);
    expect(done?.steps.find((s) => s.id === 'move-account')).toMatchObject({
      title: `Remove the empty ${ACCOUNT} in ${first}`,
      status: 'done',
    });
    const inv = r.arm.fake.inventory();
    expect(inv.accounts).toEqual([`${RG}/${ACCOUNT}@${second}:Succeeded`]);
    expect(inv.deletedAccounts).toEqual([]);
    expect(inv.deployments).toHaveLength(1);
  });

  it('refuses a recovery button of a run that did not fail', async () => {
    rig = await startLab(arm);
    const r = rig;
    const res = await r.h.send(
      r.h.a.invokeAction('provision.restore', { operationId: 'nope' }, { replyToId: 'card-x' }),
    );
    expect(invokeCard(res.body)).toBeUndefined();
    const [told] = await r.h.connector.waitFor(1);
    expect(told?.body?.text).toMatch(/can no longer be changed/);
    expect(await r.operations()).toEqual([]);
    expect(r.arm.fake.requests).toEqual([]);
  });
});
