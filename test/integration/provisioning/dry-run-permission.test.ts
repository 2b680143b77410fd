import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardOf, cardText, startHarness } from '../../support/bot-harness';
import { startArm, startLab, type ArmEnv, type LabRig } from './lab-rig';

/** Someone who may read but is not in ADMIN_AAD_OBJECT_IDS. */
const READER = {
  id: '29:reader',
  name: 'Reader',
  aadObjectId: '99999999-0000-0000-0000-000000000001',
};

let arm: ArmEnv;
let rig: LabRig;
beforeAll(async () => {
  arm = await startArm();
  rig = await startLab(arm);
});
afterAll(async () => {
  await rig.stop();
  await arm.stop();
});

async function say(text: string): Promise<{ text: string; card: string }> {
  const n = rig.h.connector.requests.length;
  await rig.h.send(rig.h.a.personal(text, { from: READER }));
  const got = await rig.h.connector.waitFor(n + 1);
  return { text: String(got[n]?.body?.text), card: cardText(cardOf(got[n]?.body)) };
}

describe('dry runs are read-only (bot harness, fake ARM)', { timeout: 60_000 }, () => {
  it('`provision --dry-run` and `cleanup --dry-run` show their plans to a reader', async () => {
    const provision = await say('provision --dry-run');
    expect(provision.card).toContain('rg-llmops-lab');
    expect(provision.text).not.toContain('You may not');
    const cleanup = await say('cleanup --dry-run');
    expect(cleanup.text).not.toContain('You may not');
    expect(cleanup.card).toContain('**Dry run**: nothing was deleted.');
    expect(await rig.operations()).toEqual([]);
    expect(rig.arm.fake.isEmpty()).toBe(true);
  });

  it('a refused change shows the id to add, the setting that grants it, and the open dry run', async () => {
    const { text } = await say('cleanup');
    expect(text).toContain('You may not run `cleanup`.');
    expect(text).toContain(`Your id is ${READER.aadObjectId} (see \`whoami\`).`);
    expect(text).toContain('granted by the setting ADMIN_AAD_OBJECT_IDS');
    expect(text).toContain('`cleanup --dry-run` shows the plan without changing anything');
  });
});

describe('what Azure needs and what help promises (bot harness, no Azure)', () => {
  it('names the Azure setting and credential, not the bot identity; subscribe acts at once', async () => {
    const h = await startHarness();
    try {
      await h.send(h.a.personal('provision --dry-run'));
      const [reply] = await h.connector.waitFor(1);
      const text = String(reply?.body?.text);
      expect(text).toContain('Azure is not configured: set AZURE_SUBSCRIPTION_ID');
      expect(text).toContain('AZURE_CLIENT_ID');
      expect(text).not.toContain('the bot identity');
      h.connector.clear();
      await h.send(h.a.personal('help subscribe'));
      const [help] = await h.connector.waitFor(1);
      const card = cardText(cardOf(help?.body));
      expect(card).toContain('takes effect at once (no plan to confirm)');
      expect(card).not.toContain('asks you to confirm');
      h.connector.clear();
      await h.send(h.a.personal('help cleanup'));
      const [cleanup] = await h.connector.waitFor(1);
      expect(cardText(cardOf(cleanup?.body))).toContain('With --dry-run it only shows the plan');
    } finally {
      await h.stop();
    }
  });
});
