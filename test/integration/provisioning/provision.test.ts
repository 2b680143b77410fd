import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cardOf, cardText, DEFAULT_USER } from '../../support/bot-harness';
import {
  actionData,
  invokeCard,
  lastCardText,
  saveCard,
  SECOND_ADMIN,
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

/** Sends `provision`, returns the plan card and its operation id. */
async function plan(r: LabRig, from = DEFAULT_USER, locale?: string) {
  const activity = r.h.a.personal('provision', { from, ...(locale ? { locale } : {}) });
  await r.h.send(activity);
  const reply = r.h.connector.requests.find(
    (q) => q.method === 'POST' && q.body?.replyToId === activity.id,
  );
  const card = cardOf(reply?.body);
  const id = actionData(card)['provision.confirm']?.operationId as string;
  return { card, id };
}

async function confirm(
  r: LabRig,
  id: string,
  cardId: string,
  from = DEFAULT_USER,
  locale?: string,
) {
  return r.h.send(
    r.h.a.invokeAction(
      'provision.confirm',
      { operationId: id },
      { replyToId: cardId, from, ...(locale ? { locale } : {}) },
    ),
  );
}

const stateOf = async (r: LabRig, id: string) => (await r.operations()).find((o) => o.id === id);

describe('provision through the bot', { timeout: 90_000 }, () => {
  it('plans, confirms, runs six steps on one card, mentions the requester; a re-run is a no-op', async () => {
    rig = await startLab(arm);
    const r = rig;
    const { card, id } = await plan(r);
    const text = cardText(card);
    expect(text).toContain('rg-llmops-lab');
    expect(text).toContain('aoai-llmops-lab (OpenAI, S0, subdomain aoai-llmops-lab)');
    expect(text).toMatch(/gpt-5-mini 2025-08-07/);
    expect(text).toMatch(/≈ \$\d+\/month/);
    expect(r.arm.fake.isEmpty()).toBe(true); // planning created nothing
    saveCard('provision-plan', card);
    expect(
      (await r.h.auditEntries()).some((e) => e.action === 'provision' && e.result === 'planned'),
    ).toBe(true);

    const res = await confirm(r, id, 'plan-card-1');
    const first = invokeCard(res.body);
    expect(cardText(first)).toContain('Provision llmops-lab');

    await until(
      async () => (await stateOf(r, id))?.state === 'succeeded',
      'provision to finish',
      60_000,
    );
    await until(
      () =>
        r.h.connector.requests.some(
          (q) => q.method === 'POST' && /<at>/.test(String(q.body?.text)),
        ),
      'the mention',
    );
    await until(() => /✔ Done/.test(lastCardText(r.h, 'plan-card-1')), 'final card');
    const updates = updatesOf(r.h, 'plan-card-1');
    expect(updates.length).toBeGreaterThan(2);
    const mid = updates.find((u) => /Running/.test(cardText(cardOf(u.body))));
    saveCard('provision-progress', cardOf(mid?.body));
    const final = cardOf(updates.at(-1)?.body);
    saveCard('provision-finished', final);
    const done = cardText(final);
    expect(done).toContain('https://aoai-llmops-lab.openai.azure.com/');
    expect(done).toMatch(/https:\/\/adb-\d+/);
    expect(done).toMatch(/0101-\d+-fake1/);
    expect(done).toContain('RUNNING');
    expect(done.match(/Done ·/g)).toHaveLength(6);
    const mention = r.h.connector.requests.find((q) => /<at>/.test(String(q.body?.text)));
    expect(mention?.body?.text).toBe('<at>Ona Call</at> Provisioning of **llmops-lab** is done.');

    const created = r.clusters.creates[0] ?? {};
    expect(created).toMatchObject({
      num_workers: 0,
      node_type_id: 'Standard_D4ds_v5',
      spark_version: '17.3.x-cpu-ml-scala2.13',
      data_security_mode: 'SINGLE_USER',
      single_user_name: 'ona.call@example.com',
      autotermination_minutes: 20,
      runtime_engine: 'STANDARD',
      spark_conf: { 'spark.databricks.cluster.profile': 'singleNode', 'spark.master': 'local[*]' },
    });
    const libs = [...(r.clusters.clusters.values().next().value?.libraries.values() ?? [])];
    expect(libs.map((l) => l.state)).toEqual(['INSTALLED', 'INSTALLED', 'INSTALLED']);
    const audit = (await r.h.auditEntries()).find(
      (e) => e.action === 'provision' && e.result === 'ok',
    );
    expect(audit?.durationMs).toBeGreaterThanOrEqual(0);

    // Re-run: nothing created, nothing duplicated.
    const inventory = r.arm.fake.inventory();
    const again = await plan(r);
    await confirm(r, again.id, 'plan-card-2');
    await until(async () => (await stateOf(r, again.id))?.state === 'succeeded', 're-run', 60_000);
    expect(r.arm.fake.inventory()).toEqual(inventory);
    expect(r.clusters.clusters.size).toBe(1);
    expect(r.clusters.creates).toHaveLength(1);
  });

  it('speaks French to a French Teams client: plan, progress updates and the mention', async () => {
    rig = await startLab(arm);
    const r = rig;
    const { card, id } = await plan(r, DEFAULT_USER, 'fr-FR');
    const text = cardText(card);
    expect(text).toContain('Plan de provisionnement · llmops-lab');
    expect(text).toContain('Groupe de ressources');
    expect(text).toContain('aoai-llmops-lab (OpenAI, S0, sous-domaine aoai-llmops-lab)');
    expect(text).toContain('Rien n’est créé avant votre confirmation.');
    // The cost in French words and number format: "≈ 37 $US/mois (cluster 40 h, 2 M de jetons)".
    expect(text).toMatch(/≈ \d+\s\$US\/mois \(cluster \d+ h, [\d,]+ M de jetons\)/);
    expect(JSON.stringify(card?.actions)).toContain('"title":"Annuler"');
    saveCard('provision-plan-fr', card);

    const res = await confirm(r, id, 'plan-card-fr', DEFAULT_USER, 'fr-FR');
    expect(cardText(invokeCard(res.body))).toContain('Provisionnement de llmops-lab');
    await until(async () => (await stateOf(r, id))?.state === 'succeeded', 'provision', 60_000);
    // The runner's updates go out later, in the language the conversation last spoke.
    await until(() => /✔ Terminé/.test(lastCardText(r.h, 'plan-card-fr')), 'final card');
    const final = cardOf(updatesOf(r.h, 'plan-card-fr').at(-1)?.body);
    saveCard('provision-finished-fr', final);
    const done = cardText(final);
    expect(done).toContain('Groupe de ressources rg-llmops-lab');
    expect(done).toContain('Espace de travail Databricks');
    expect(done.match(/Terminé ·/g)).toHaveLength(6);
    expect(done).toContain('Bibliothèques');
    expect(done).toContain('3 installée(s)');
    expect(done).not.toMatch(/Done|Resource group|Libraries/);
    await until(
      () => r.h.connector.requests.some((q) => /<at>/.test(String(q.body?.text))),
      'the mention',
    );
    const mention = r.h.connector.requests.find((q) => /<at>/.test(String(q.body?.text)));
    expect(mention?.body?.text).toBe(
      '<at>Ona Call</at> Le provisionnement de **llmops-lab** est terminé.',
    );
  });

  it('a create that made the cluster but answered 503 is not repeated: one cluster exists', async () => {
    rig = await startLab(arm);
    const r = rig;
    r.clusters.createThenFail(1);
    const { id } = await plan(r);
    await confirm(r, id, 'plan-card-503');
    await until(async () => (await stateOf(r, id))?.state === 'succeeded', 'provision', 60_000);
    expect(r.clusters.creates).toHaveLength(1);
    expect(r.clusters.clusters.size).toBe(1);
    const [made] = [...r.clusters.clusters.values()];
    expect((await stateOf(r, id))?.outputs.clusterId).toBe(made?.id);
  });

  it('moves the account to the next region when the first has no quota', async () => {
    rig = await startLab(arm);
    const r = rig;
    const { id } = await plan(r);
    const regions =
      ((await stateOf(r, id))?.params as { regions?: string[] } | undefined)?.regions ?? [];
    const [firstRegion = '', second = ''] = regions;
    r.arm.fake.state.regionFaults.set(firstRegion, { on: 'account', code: 'InsufficientQuota' });
    await confirm(r, id, 'plan-card-q');
    await until(async () => (await stateOf(r, id))?.state === 'succeeded', 'provision', 60_000);
    const op = await stateOf(r, id);
    expect(op?.outputs.region).toBe(second);
    expect(op?.steps.find((s) => s.id === 'account')?.note).toContain(`skipped ${firstRegion}`);
    expect(r.arm.fake.inventory().accounts).toEqual([
      `rg-llmops-lab/aoai-llmops-lab@${second}:Succeeded`,
    ]);
  });

  it('resumes after a restart in the middle of the workspace step, with no duplicate', async () => {
    rig = await startLab(arm);
    const r = rig;
    r.arm.fake.state.workspacePollsBeforeDone = 1_000_000;
    const { id } = await plan(r);
    await confirm(r, id, 'plan-card-r');
    await until(async () => {
      const op = await stateOf(r, id);
      return op?.steps[op.currentStep]?.id === 'workspace' && Boolean(op.resumeToken);
    }, 'the workspace step to save its token');
    await r.h.stopBot();
    expect(r.arm.fake.inventory().workspaces).toEqual(['rg-llmops-lab/dbw-llmops-lab:Accepted']);
    r.arm.fake.state.workspacePollsBeforeDone = undefined;
    for (const op of r.arm.fake.state.ops.values()) if (!op.done) op.pollsLeft = 1;
    await r.h.restart();
    await until(
      async () => (await stateOf(r, id))?.state === 'succeeded',
      'provision after restart',
      60_000,
    );
    const puts = r.arm.fake.requests.filter(
      (q) => q.method === 'PUT' && q.path.endsWith('/workspaces/dbw-llmops-lab'),
    );
    expect(puts).toHaveLength(1);
    expect(r.arm.fake.inventory().workspaces).toEqual(['rg-llmops-lab/dbw-llmops-lab:Succeeded']);
    expect(r.arm.fake.inventory().resourceGroups).toHaveLength(2);
    await until(() => /✔ Done/.test(lastCardText(r.h, 'plan-card-r')), 'the same card to finish');
  });

  it('tells a second requester who holds the environment lock', async () => {
    rig = await startLab(arm);
    const r = rig;
    r.arm.fake.state.workspacePollsBeforeDone = 1_000_000;
    const a = await plan(r);
    const b = await plan(r, SECOND_ADMIN);
    await confirm(r, a.id, 'card-a');
    const res = await confirm(r, b.id, 'card-b', SECOND_ADMIN);
    expect(invokeCard(res.body)).toBeUndefined();
    const told = r.h.connector.requests.find(
      (q) => q.method === 'POST' && /cannot start/.test(String(q.body?.text)),
    );
    expect(told?.body?.text).toMatch(
      /\*\*Ona Call\*\* is running `provision` on \*\*llmops-lab\*\*/,
    );
    expect((await stateOf(r, b.id))?.state).toBe('planned');
    expect(
      (await r.h.auditEntries()).some(
        (e) => e.result === 'denied' && /locked by provision/.test(e.detail ?? ''),
      ),
    ).toBe(true);
  });

  it("another admin cannot cancel or confirm someone's plan; both refusals are audited", async () => {
    rig = await startLab(arm);
    const r = rig;
    const { id } = await plan(r);
    await r.h.send(
      r.h.a.invokeAction(
        'provision.cancel',
        { operationId: id },
        { replyToId: 'card-x', from: SECOND_ADMIN },
      ),
    );
    await confirm(r, id, 'card-x', SECOND_ADMIN);
    expect((await stateOf(r, id))?.state).toBe('planned');
    const told = r.h.connector.requests.map((q) => JSON.stringify(q.body?.text ?? ''));
    expect(told.some((t) => t.includes('can cancel this plan'))).toBe(true);
    expect(told.some((t) => t.includes('can confirm this plan'))).toBe(true);
    const denied = (await r.h.auditEntries()).filter((e) => e.result === 'denied');
    expect(denied.map((e) => e.detail)).toEqual(
      expect.arrayContaining([
        `cancel of operation ${id}: only the requester may cancel`,
        'only the requester may confirm',
      ]),
    );
  });

  it('refuses a non-admin and audits the denial', async () => {
    rig = await startLab(arm);
    const r = rig;
    const stranger = {
      id: '29:stranger',
      name: 'Stranger',
      aadObjectId: '99999999-0000-0000-0000-000000000000',
    };
    await r.h.send(r.h.a.personal('provision', { from: stranger }));
    const [reply] = await r.h.connector.waitFor(1);
    expect(reply?.body?.text).toMatch(/You may not run `provision`/);
    expect((await r.h.auditEntries())[0]).toMatchObject({ action: 'provision', result: 'denied' });
    expect(await r.operations()).toEqual([]);
    expect(r.arm.fake.requests).toEqual([]);
  });
});

/** Sends a command and returns the text of the turn's own answer and how long it took. */
async function timed(r: LabRig, text: string): Promise<{ said: string; ms: number }> {
  const activity = r.h.a.personal(text);
  const started = Date.now();
  await r.h.send(activity);
  const ms = Date.now() - started;
  const reply = r.h.connector.requests.find(
    (q) => q.method === 'POST' && q.body?.replyToId === activity.id,
  );
  return { said: cardText(reply?.body), ms };
}

describe('an Azure Resource Manager that stalls', { timeout: 30_000 }, () => {
  it('headers then a stalled body: provision --dry-run answers within HTTP_TIMEOUT_MS with a sentence', async () => {
    rig = await startLab(arm, { HTTP_TIMEOUT_MS: '1000' });
    arm.fake.inject({ method: 'GET', path: /./, status: 200, stall: 'body' });
    const { said, ms } = await timed(rig, 'provision --dry-run');
    expect(said).toContain('Azure Resource Manager did not answer within 1 s');
    expect(ms).toBeLessThan(6_000);
  });

  it('no answer at all and a long request deadline: the turn deadline answers for it', async () => {
    rig = await startLab(arm, { HTTP_TIMEOUT_MS: '60000', TURN_TIMEOUT_MS: '1500' });
    arm.fake.inject({ method: 'GET', path: /./, status: 200, stall: 'no-answer' });
    const { said, ms } = await timed(rig, 'provision --dry-run');
    expect(said).toContain('That took too long (more than 2 s)');
    expect(said).toContain('nothing more will happen for this request');
    expect(ms).toBeLessThan(6_000);
    expect(
      rig.h.logs.some((l) => l.level === 40 && /turn deadline passed/.test(String(l.msg))),
    ).toBe(true);
  });
});
