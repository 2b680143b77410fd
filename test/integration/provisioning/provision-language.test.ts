import { describe, expect, it } from 'vitest';
import { cardOf, cardText, DEFAULT_USER } from '../../support/bot-harness';
import { actionData, labPerTest, lastCardText, until, updatesOf } from './lab-rig';

// A provision whose step fails stores the error as describeError said it in every language:
// the card of a French conversation says it in French, an English one word for word as before.

const lab = labPerTest();

/** Plans and confirms in `locale`; the final card's text once the operation has ended. */
async function provisionIn(locale: string): Promise<string> {
  const r = await lab.start();
  r.clusters.failNextStart({ code: 'CLOUD_PROVIDER_LAUNCH_FAILURE', message: 'no capacity' });
  const ask = r.h.a.personal('provision', { from: DEFAULT_USER, locale });
  await r.h.send(ask);
  const plan = r.h.connector.requests.find(
    (q) => q.method === 'POST' && q.body?.replyToId === ask.id,
  );
  const id = actionData(cardOf(plan?.body))['provision.confirm']?.operationId as string;
  await r.h.send(
    r.h.a.invokeAction('provision.confirm', { operationId: id }, { replyToId: 'plan', locale }),
  );
  const ended = async () => (await r.operations()).find((o) => o.id === id)?.state === 'failed';
  await until(ended, 'the failed provision', 60_000);
  await until(() => /✖/.test(lastCardText(r.h, 'plan')), 'the failed card');
  return cardText(cardOf(updatesOf(r.h, 'plan').at(-1)?.body));
}

describe('a failed provision step in the conversation language', { timeout: 90_000 }, () => {
  it('says the cluster failure in French on a French card', async () => {
    const card = await provisionIn('fr-FR');
    expect(card).toContain(
      '✖ Le cluster s’est arrêté (TERMINATED: CLOUD_PROVIDER_LAUNCH_FAILURE). no capacity Corrigez la cause (quota, type de nœud) et relancez provision.',
    );
    expect(card).not.toMatch(/The cluster stopped|Fix the cause/);
  });

  it('says it in English on an English card', async () => {
    const card = await provisionIn('en-US');
    expect(card).toContain(
      '✖ The cluster stopped (TERMINATED: CLOUD_PROVIDER_LAUNCH_FAILURE). no capacity Fix the cause (quota, node type) and run provision again.',
    );
  });
});
