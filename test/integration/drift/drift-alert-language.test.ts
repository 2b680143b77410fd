import { afterEach, describe, expect, it } from 'vitest';
import { checkCard } from '../../support/card-validator';
import { driftRig, HOUR, outboxRows, subscribeDrift, type DriftRig } from '../../support/drift-rig';
import { cardText } from '../../support/teams-activities';

// Issue 17: a drift alert reads in the language of the channel it goes to (the locale Teams sent
// there last, or its `language` override), asked when it is rendered.

const CHANNEL = '19:alerts@thread.tacv2';
const T0 = Date.parse('2026-11-30T12:00:00Z');
const BASE = { latency: 400, completion: 100, prompt: 50, seed: 7 };
let r: DriftRig | undefined;
afterEach(() => r?.close());

/** A channel whose last turn came from a French Teams client, subscribed, with one drifted hour. */
async function frenchChannelWithDrift(): Promise<DriftRig> {
  const rig = driftRig({ start: T0 - 60_000 });
  await rig.conversations.capture({
    conversationId: CHANNEL,
    serviceUrl: 'http://127.0.0.1:9/',
    channelId: 'msteams',
    conversationType: 'channel',
    botId: '28:bot',
    botName: undefined,
    tenantId: undefined,
    teamId: undefined,
    teamsChannelId: undefined,
    locale: 'fr-FR',
  });
  await subscribeDrift(rig, CHANNEL);
  await rig.seed('gpt-test', T0 - 2 * HOUR, T0 - HOUR, 150, BASE);
  await rig.seed('gpt-test', T0 - HOUR, T0, 150, { ...BASE, latency: 1_200, completion: 300 });
  rig.clock.now = T0 + 1;
  await rig.scheduler.tick(T0 + 1);
  await rig.scheduler.idle();
  return rig;
}

describe('drift alerts in the channel language', () => {
  it('posts a French alert (valid card, feature names, windows, buttons) and French thread replies', async () => {
    r = await frenchChannelWithDrift();
    const post = outboxRows(r).find((x) => x.kind === 'post');
    const card = JSON.parse(post?.text ?? '{}') as Record<string, unknown>;
    expect(checkCard(card).events).toEqual([]);
    const text = cardText(card);
    expect(text).toContain('Alerte de dérive : gpt-test');
    expect(text).toMatch(
      /Dérive du jeu de données : 2 caractéristiques sur 4 ont dérivé \(50\s%\)/,
    );
    expect(text).toContain('Latence (ms)');
    expect(text).toContain('30 nov. 11:00 – 30 nov. 12:00 UTC · 150 appels');
    expect(text).not.toContain('Latency');
    const buttons = ((card.actions ?? []) as { title: string }[]).map((a) => a.title);
    expect(buttons).toEqual(['Prendre en charge', 'Mettre en veille 1 h', 'Mettre en veille 24 h']);

    // A snooze from the channel: the thread reply and the updated card are French too.
    const incidentId = /"incidentId":"([^"]+)"/.exec(post?.text ?? '')?.[1] ?? '';
    const clicked = await r.actions.snooze(incidentId, 1, 'Ada', CHANNEL);
    const reply = outboxRows(r).find((x) => x.kind === 'reply');
    expect(reply?.text).toBe('Ada a mis en veille les alertes de dérive de gpt-test pour 1 h.');
    expect(JSON.stringify(clicked.card)).toContain('En veille');
  });

  it('follows a `language en` override of the same channel', async () => {
    r = await frenchChannelWithDrift();
    await r.conversations.setLanguage(CHANNEL, 'en');
    const incidentId = /"incidentId":"([^"]+)"/.exec(
      outboxRows(r).find((x) => x.kind === 'post')?.text ?? '',
    )?.[1];
    await r.actions.acknowledge(incidentId ?? '', 'Ada', CHANNEL);
    const reply = outboxRows(r).find((x) => x.kind === 'reply');
    expect(reply?.text).toBe('Ada acknowledged the drift alert for gpt-test.');
  });
});
