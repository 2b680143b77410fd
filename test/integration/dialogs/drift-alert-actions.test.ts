import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_USER, startHarness, type Harness } from '../../support/bot-harness';
import {
  clickInChannel,
  DRIFT_ALERT_ENV,
  raiseDriftAlert,
} from '../../support/drift-alert-channel';

// Issue 15 item 9: Acknowledge and Snooze silence an alert for the whole channel, so only whom
// DRIFT_ALERT_ACTIONS names may press them (default: permitted users and the subscriber).

const STRANGER = {
  id: '29:dev-two',
  name: 'Dev Two',
  aadObjectId: '22222222-2222-2222-2222-222222222229',
};
let h: Harness;
let incidentId: string;

beforeAll(async () => {
  h = await startHarness({
    env: {
      ADMIN_AAD_OBJECT_IDS: DEFAULT_USER.aadObjectId,
      ...DRIFT_ALERT_ENV,
    },
  });
  ({ incidentId } = await raiseDriftAlert(h));
});
afterAll(() => h.stop());

/** Clicks as `who` and returns the invoke's answer and any text the bot sent meanwhile. */
async function click(
  who: Harness['a'],
  verb: string,
  data: Record<string, unknown>,
  locale?: string,
) {
  const before = h.connector.requests.length;
  const res = await h.send({ ...clickInChannel(who, verb, data), ...(locale ? { locale } : {}) });
  const texts = h.connector.requests.slice(before).map((r) => JSON.stringify(r.body ?? ''));
  return { answer: JSON.stringify(res.body), texts };
}

describe('drift alert buttons: who may press them', () => {
  it('refuses Acknowledge and Snooze to someone neither permitted nor the subscriber, and audits it', async () => {
    const stranger = h.activities({ user: STRANGER });
    for (const [verb, data] of [
      ['drift.ack', { incidentId }],
      ['drift.snooze', { incidentId, hours: 24 }],
    ] as const) {
      const { answer, texts } = await click(stranger, verb, data);
      const said = `${answer} ${texts.join(' ')}`;
      expect(said).toMatch(/You may not (acknowledge|snooze) this alert/);
      expect(said).toContain('Only permitted users (ADMIN_AAD_OBJECT_IDS) and whoever subscribed');
      expect(said).toContain(STRANGER.aadObjectId);
    }
    const denied = (await h.auditEntries(10)).filter((e) => e.result === 'denied');
    expect(denied.map((e) => [e.action, e.actorId])).toEqual(
      expect.arrayContaining([
        ['drift acknowledge', STRANGER.aadObjectId],
        ['drift snooze 24h', STRANGER.aadObjectId],
      ]),
    );
  });

  it('refuses a French client in French', async () => {
    const stranger = h.activities({ user: STRANGER });
    const { answer, texts } = await click(
      stranger,
      'drift.snooze',
      { incidentId, hours: 1 },
      'fr-FR',
    );
    const said = `${answer} ${texts.join(' ')}`;
    expect(said).toContain('Vous n’êtes pas autorisé à mettre cette alerte en veille.');
    expect(said).toContain(
      'Seuls les utilisateurs autorisés (ADMIN_AAD_OBJECT_IDS) et la personne qui a abonné ce canal le peuvent',
    );
    expect(said).not.toContain('You may not');
  });

  it('lets the subscriber acknowledge, records who, and shows it on the card', async () => {
    const { answer } = await click(h.a, 'drift.ack', { incidentId });
    expect(answer).toContain(DEFAULT_USER.name);
    expect(answer).not.toContain('"Acknowledge"');
    const entry = (await h.auditEntries(10)).find(
      (e) => e.action === 'drift acknowledge' && e.result === 'ok',
    );
    expect(entry?.actorId).toBe(DEFAULT_USER.aadObjectId);
  });
});
