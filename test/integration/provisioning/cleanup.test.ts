import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cardOf, cardText } from '../../support/bot-harness';
import {
  actionData,
  invokeCard,
  lastCardText,
  saveCard,
  startArm,
  startLab,
  until,
  type ArmEnv,
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

const stateOf = async (r: LabRig, id: string) => (await r.operations()).find((o) => o.id === id);

/** Sends a command and returns the card it answered with. */
async function ask(r: LabRig, text: string, locale?: string) {
  const activity = r.h.a.personal(text, locale ? { locale } : {});
  await r.h.send(activity);
  // The turn's own answer replies to the message; outbox traffic (card updates) does not.
  const reply = r.h.connector.requests.find(
    (q) => q.method === 'POST' && q.body?.replyToId === activity.id,
  );
  return cardOf(reply?.body);
}

async function provision(r: LabRig): Promise<void> {
  const id = actionData(await ask(r, 'provision'))['provision.confirm']?.operationId as string;
  await r.h.send(r.h.a.invokeAction('provision.confirm', { operationId: id }, { replyToId: 'p1' }));
  await until(async () => (await stateOf(r, id))?.state === 'succeeded', 'provision', 60_000);
}

async function cleanup(r: LabRig, typed: string, cardId: string) {
  const id = actionData(await ask(r, 'cleanup'))['cleanup.confirm']?.operationId as string;
  const res = await r.h.send(
    r.h.a.invokeAction(
      'cleanup.confirm',
      { operationId: id, confirmEnvironment: typed },
      { replyToId: cardId },
    ),
  );
  return { id, res };
}

describe('cleanup through the bot', { timeout: 90_000 }, () => {
  it("another command's Confirm with a cleanup plan's id deletes nothing (the typed check holds)", async () => {
    rig = await startLab(arm);
    const r = rig;
    await provision(r);
    const inventory = r.arm.fake.inventory();
    const id = actionData(await ask(r, 'cleanup'))['cleanup.confirm']?.operationId as string;
    for (const verb of ['provision.confirm', 'deploy.confirm']) {
      const res = await r.h.send(
        r.h.a.invokeAction(verb, { operationId: id }, { replyToId: 'c9' }),
      );
      expect(invokeCard(res.body)).toBeUndefined();
    }
    expect((await stateOf(r, id))?.state).toBe('planned');
    expect(r.arm.fake.inventory()).toEqual(inventory);
    expect(
      (await r.h.auditEntries()).filter(
        (e) => e.result === 'denied' && e.detail === 'no such plan',
      ),
    ).toHaveLength(2);
    expect(
      (await r.h.auditEntries()).some((e) => e.action === 'cleanup' && e.result === 'ok'),
    ).toBe(false);
  });

  it('a wrong typed name deletes nothing; the right one empties Azure and proves it', async () => {
    rig = await startLab(arm);
    const r = rig;
    await provision(r);
    r.endpoints.set('lab-chat', [{ key: 'managed-by', value: 'llmops-bot' }]);
    r.endpoints.set('someone-elses', [{ key: 'team', value: 'data' }]);
    const inventory = r.arm.fake.inventory();

    const plan = await ask(r, 'cleanup');
    expect(cardText(plan)).toContain('aoai-llmops-lab');
    expect(JSON.stringify(plan)).toContain('"label":"Type llmops-lab to confirm"');
    saveCard('cleanup-plan', plan);

    const wrong = await cleanup(r, 'llmops-lab-prod', 'c0');
    expect(invokeCard(wrong.res.body)).toBeUndefined();
    expect((await stateOf(r, wrong.id))?.state).toBe('planned');
    const said = r.h.connector.requests.find((q) =>
      /Nothing was deleted/.test(String(q.body?.text)),
    );
    expect(said?.body?.text).toContain('not **llmops-lab**');
    expect(r.arm.fake.inventory()).toEqual(inventory);
    expect(r.clusters.clusters.size).toBe(1);

    const { id } = await cleanup(r, 'llmops-lab', 'c1');
    await until(async () => (await stateOf(r, id))?.state === 'succeeded', 'cleanup', 60_000);
    expect(r.arm.fake.isEmpty()).toBe(true);
    expect(r.clusters.clusters.size).toBe(0);
    expect([...r.endpoints.keys()]).toEqual(['someone-elses']);
    await until(() => /Nothing billable left/.test(lastCardText(r.h, 'c1')), 'the verified card');
    saveCard(
      'cleanup-finished',
      cardOf(r.h.connector.requests.filter((q) => q.activityId === 'c1').at(-1)?.body),
    );
    const purges = r.arm.fake.requests.filter(
      (q) => q.method === 'DELETE' && /deletedAccounts/.test(q.path),
    );
    expect(purges).toHaveLength(1);
    expect(
      (await r.h.auditEntries()).find((e) => e.action === 'cleanup' && e.result === 'ok'),
    ).toBeTruthy();
    const lab = cardText(await ask(r, 'status lab'));
    expect(lab).toContain('Nothing of this lab exists in Azure.');
    expect(lab).toContain('Last: cleanup succeeded');
  });

  it('speaks French to a French Teams client: plan, typed check, progress and `status lab`', async () => {
    rig = await startLab(arm);
    const r = rig;
    await provision(r);
    const fr = { locale: 'fr-FR' };
    const plan = await ask(r, 'cleanup', 'fr-FR');
    expect(cardText(plan)).toContain('Plan de nettoyage · llmops-lab');
    expect(cardText(plan)).toContain('Groupe de ressources');
    expect(JSON.stringify(plan)).toContain('"label":"Tapez llmops-lab pour confirmer"');
    expect(JSON.stringify(plan?.actions)).toContain('"title":"Tout supprimer"');
    saveCard('cleanup-plan-fr', plan);
    const id = actionData(plan)['cleanup.confirm']?.operationId as string;
    const answer = (typed: string, replyToId: string) =>
      r.h.send(
        r.h.a.invokeAction(
          'cleanup.confirm',
          { operationId: id, confirmEnvironment: typed },
          { replyToId, ...fr },
        ),
      );
    await answer('llmops', 'cf0');
    const said = r.h.connector.requests.find((q) =>
      /Rien n’a été supprimé/.test(String(q.body?.text)),
    );
    expect(said?.body?.text).toContain('vous avez tapé « llmops », et non **llmops-lab**');

    await answer('llmops-lab', 'cf1');
    await until(async () => (await stateOf(r, id))?.state === 'succeeded', 'cleanup', 60_000);
    await until(
      () => /Plus rien de facturable/.test(lastCardText(r.h, 'cf1')),
      'the verified card',
    );
    const done = lastCardText(r.h, 'cf1');
    expect(done).toContain('Nettoyage de llmops-lab');
    expect(done).toContain('Vérifier qu’il ne reste rien de facturable');
    expect(done).not.toMatch(/Done|Nothing billable/);
    saveCard(
      'cleanup-finished-fr',
      cardOf(r.h.connector.requests.filter((q) => q.activityId === 'cf1').at(-1)?.body),
    );
    const lab = await ask(r, 'status lab', 'fr-FR');
    saveCard('lab-status-fr', lab);
    expect(cardText(lab)).toContain('Rien de ce lab n’existe dans Azure.');
    expect(cardText(lab)).toContain('Dernière opération : cleanup réussi');
  });

  it('deletes every cluster carrying the lab tag, not only the first', async () => {
    rig = await startLab(arm);
    const r = rig;
    await provision(r);
    const [first] = [...r.clusters.clusters.values()];
    if (!first) throw new Error('provision made no cluster');
    // A second tagged cluster, as a create repeated behind a lost answer used to leave.
    r.clusters.clusters.set('0101-999999-twin', {
      ...first,
      id: '0101-999999-twin',
      libraries: new Map(),
    });
    const { id } = await cleanup(r, 'llmops-lab', 'c-twins');
    await until(async () => (await stateOf(r, id))?.state === 'succeeded', 'cleanup', 60_000);
    expect(r.clusters.clusters.size).toBe(0);
    expect((await stateOf(r, id))?.steps.find((s) => s.id === 'cluster')?.note).toContain(
      '0101-999999-twin',
    );
  });

  it('finishes when half of the lab is already gone', async () => {
    rig = await startLab(arm);
    const r = rig;
    await provision(r);
    const before = cardText(await ask(r, 'status lab'));
    expect(before).toContain('dbw-llmops-lab · Succeeded');
    expect(before).toContain('Billable resources exist');
    const p = r.arm.provisioner();
    await p.deleteDeployment('rg-llmops-lab', 'aoai-llmops-lab', 'chat');
    await p.deleteDatabricksWorkspace('rg-llmops-lab', 'dbw-llmops-lab');
    const { id } = await cleanup(r, 'llmops-lab', 'c2');
    await until(async () => (await stateOf(r, id))?.state === 'succeeded', 'cleanup', 60_000);
    const op = await stateOf(r, id);
    expect(op?.steps.map((s) => `${s.id}:${s.status}`)).toEqual([
      'cluster:skipped',
      'serving-endpoints:skipped',
      'deployments:skipped',
      'accounts:done',
      'purge:done',
      'workspace:skipped',
      'resource-group:done',
      'verify:done',
    ]);
    expect(r.arm.fake.isEmpty()).toBe(true);
  });

  it('keeps the resource group on request and still verifies nothing billable is left', async () => {
    rig = await startLab(arm);
    const r = rig;
    await provision(r);
    const id = actionData(await ask(r, 'cleanup --keep-resource-group'))['cleanup.confirm']
      ?.operationId as string;
    await r.h.send(
      r.h.a.invokeAction(
        'cleanup.confirm',
        { operationId: id, confirmEnvironment: 'llmops-lab' },
        { replyToId: 'c3' },
      ),
    );
    await until(async () => (await stateOf(r, id))?.state === 'succeeded', 'cleanup', 60_000);
    expect(r.arm.fake.inventory().resourceGroups).toEqual(['rg-llmops-lab']);
    expect((await stateOf(r, id))?.outputs.verification).toBe('Nothing billable left');
  });
});
