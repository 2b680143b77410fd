import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cardOf, cardText, DEFAULT_USER } from '../../support/bot-harness';
import type { TeamsUser } from '../../support/teams-activities';
import {
  actionData,
  invokeCard,
  lastCardText,
  saveCard,
  SECOND_ADMIN,
  startArm,
  startLab,
  until,
  type ArmEnv,
  type LabRig,
} from './lab-rig';

/** In the chat, but in neither ADMIN_AAD_OBJECT_IDS nor a group. */
const GUEST: TeamsUser = {
  id: '29:1a2b3c-user-gus',
  name: 'Gus Guest',
  aadObjectId: '22222222-2222-2222-2222-222222222229',
};

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

/** Clicks a plan button in the group chat as `from`; returns the replacing card and any text. */
async function click(
  r: LabRig,
  from: TeamsUser,
  verb: string,
  data: Record<string, unknown>,
  cardId: string,
  locale?: string,
) {
  const activity = r.h.a.invokeAction(verb, data, {
    where: 'groupChat',
    from,
    replyToId: cardId,
    ...(locale ? { locale } : {}),
  });
  const res = await r.h.send(activity);
  const said = r.h.connector.requests.find(
    (q) => q.method === 'POST' && q.body?.replyToId === activity.id,
  );
  const text = said?.body?.text;
  return { card: invokeCard(res.body), text: typeof text === 'string' ? text : '' };
}

describe('APPROVALS_REQUIRED=2: a second pair of eyes on cleanup', { timeout: 90_000 }, () => {
  it('runs only after another permitted user approves and the requester confirms', async () => {
    rig = await startLab(arm, { APPROVALS_REQUIRED: '2' });
    const r = rig;
    const ask = r.h.a.groupChat('cleanup');
    await r.h.send(ask);
    const planMessage = r.h.connector.requests.find(
      (q) => q.method === 'POST' && q.body?.replyToId === ask.id,
    );
    const plan = cardOf(planMessage?.body);
    saveCard('cleanup-plan-awaiting-approval', plan);
    const cardId = planMessage?.answeredId ?? 'plan-card';
    expect(cardText(plan)).toContain('Needs a second pair of eyes');
    const buttons = actionData(plan);
    expect(Object.keys(buttons)).toEqual(['cleanup.confirm', 'cleanup.approve', 'cleanup.cancel']);
    const operationId = buttons['cleanup.approve']?.operationId as string;
    const confirm = { operationId, confirmEnvironment: 'llmops-lab' };

    // The requester alone can neither confirm nor approve.
    const early = await click(r, DEFAULT_USER, 'cleanup.confirm', confirm, cardId);
    expect(early.card).toBeUndefined();
    expect(early.text).toContain('This plan waits for approval');
    const self = await click(r, DEFAULT_USER, 'cleanup.approve', { operationId }, cardId);
    expect(self.text).toContain('you cannot approve it');
    // Someone who may not run cleanup may not approve it either.
    const guest = await click(r, GUEST, 'cleanup.approve', { operationId }, cardId);
    expect(guest.text).toContain('You may not use this button');
    expect((await stateOf(r, operationId))?.state).toBe('planned');

    const approved = await click(r, SECOND_ADMIN, 'cleanup.approve', { operationId }, cardId);
    saveCard('cleanup-plan-approved', approved.card);
    expect(cardText(approved.card)).toContain(
      '✔ Approved by **Dev Ops**. Ona Call can confirm now.',
    );
    expect(Object.keys(actionData(approved.card))).toEqual(['cleanup.confirm', 'cleanup.cancel']);
    // The approver cannot confirm for the requester.
    const other = await click(r, SECOND_ADMIN, 'cleanup.confirm', confirm, cardId);
    expect(other.text).toContain('Only Ona Call can confirm this plan');
    expect((await stateOf(r, operationId))?.state).toBe('planned');

    const go = await click(r, DEFAULT_USER, 'cleanup.confirm', confirm, cardId);
    expect(cardText(go.card)).toContain('approved by Dev Ops');
    await until(async () => (await stateOf(r, operationId))?.state === 'succeeded', 'cleanup');
    await until(() => lastCardText(r.h, cardId).includes('✔ Done'), 'the final card');
    expect(lastCardText(r.h, cardId)).toContain('approved by Dev Ops');

    const audit = await r.h.auditEntries();
    const approval = audit.find((e) => e.result === 'approved');
    expect(approval).toMatchObject({ action: 'cleanup', actorName: 'Dev Ops' });
    expect(approval?.detail).toBe(`operation ${operationId} of Ona Call, approved by Dev Ops`);
    const refusals = audit.filter((e) => e.result === 'denied').map((e) => e.actorName);
    expect(refusals.sort()).toEqual(['Dev Ops', 'Gus Guest', 'Ona Call', 'Ona Call']);
  });

  it('says all of it in French to French Teams clients', async () => {
    rig = await startLab(arm, { APPROVALS_REQUIRED: '2' });
    const r = rig;
    const fr = 'fr-FR';
    const ask = r.h.a.groupChat('cleanup', { locale: fr });
    await r.h.send(ask);
    const planMessage = r.h.connector.requests.find(
      (q) => q.method === 'POST' && q.body?.replyToId === ask.id,
    );
    const plan = cardOf(planMessage?.body);
    saveCard('cleanup-plan-awaiting-approval-fr', plan);
    const cardId = planMessage?.answeredId ?? 'plan-card';
    expect(cardText(plan)).toContain('Un second regard est nécessaire');
    expect(JSON.stringify(plan?.actions)).toContain('"title":"Approuver"');
    const operationId = actionData(plan)['cleanup.approve']?.operationId as string;
    const confirm = { operationId, confirmEnvironment: 'llmops-lab' };
    const early = await click(r, DEFAULT_USER, 'cleanup.confirm', confirm, cardId, fr);
    expect(early.text).toContain('Ce plan attend une approbation');
    const self = await click(r, DEFAULT_USER, 'cleanup.approve', { operationId }, cardId, fr);
    expect(self.text).toContain('vous ne pouvez donc pas l’approuver');
    const approved = await click(r, SECOND_ADMIN, 'cleanup.approve', { operationId }, cardId, fr);
    saveCard('cleanup-plan-approved-fr', approved.card);
    expect(cardText(approved.card)).toContain(
      '✔ Approuvé par **Dev Ops**. Ona Call peut maintenant confirmer.',
    );
    const other = await click(r, SECOND_ADMIN, 'cleanup.confirm', confirm, cardId, fr);
    expect(other.text).toContain('Seul(e) Ona Call peut confirmer ce plan');
    const cancel = await click(r, DEFAULT_USER, 'cleanup.cancel', { operationId }, cardId, fr);
    expect(cardText(cancel.card)).toContain('– cleanup annulé. Rien n’a été créé ni modifié.');
  });
});
