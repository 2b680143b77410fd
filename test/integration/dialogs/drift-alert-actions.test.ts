import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDriftImport } from '../../../src/cli/drift-import-command';
import { openSqliteStore } from '../../../src/platform/store/sqlite-store';
import {
  DEFAULT_USER,
  startHarness,
  type Harness,
  type WireActivity,
} from '../../support/bot-harness';
import { rng } from '../../support/drift-rig';
import { waitUntil } from '../../support/wait-until';

// Issue 15 item 9: Acknowledge and Snooze silence an alert for the whole channel, so only whom
// DRIFT_ALERT_ACTIONS names may press them (default: permitted users and the subscriber).

const HOUR = 3_600_000;
const STRANGER = {
  id: '29:dev-two',
  name: 'Dev Two',
  aadObjectId: '22222222-2222-2222-2222-222222222229',
};
let h: Harness;
let incidentId: string;

/** Two hours of predictions: a calm hour, then a slow, verbose one. */
function drifted(now: number): string {
  const r = rng(5);
  return Array.from({ length: 160 }, (_, i) => {
    const current = i >= 80;
    return JSON.stringify({
      at: now - (current ? HOUR : 2 * HOUR) + (i % 80) * 40_000 + 1_000,
      target: 'gpt-test',
      latency_ms: Math.round((current ? 1_500 : 400) * (0.8 + r() * 0.4)),
      completion_tokens: Math.round((current ? 400 : 100) * (0.8 + r() * 0.4)),
      prompt_tokens: 50,
      status: 'ok',
      finish_reason: 'stop',
    });
  }).join('\n');
}

/** A click on the alert card, in the alert's channel (where the buttons count). */
function clickInChannel(as: Harness['a'], verb: string, data: Record<string, unknown>) {
  const channelPost = as.channel('x');
  const click = as.invokeAction(verb, data);
  return {
    ...click,
    conversation: channelPost.conversation,
    channelData: { ...(channelPost.channelData as object), source: { name: 'message' } },
  } as WireActivity;
}

beforeAll(async () => {
  h = await startHarness({
    env: {
      ADMIN_AAD_OBJECT_IDS: DEFAULT_USER.aadObjectId,
      DRIFT_DEFAULT_TARGET: 'gpt-test',
      DRIFT_WINDOW_HOURS: '1',
      DRIFT_FEATURES: 'latency_ms,completion_tokens',
    },
  });
  const code = await runDriftImport(['drift.jsonl'], {
    readFile: () => Promise.resolve(drifted(Date.now())),
    openStore: () => Promise.resolve(openSqliteStore(h.dataDir)),
    now: Date.now,
    stdout: () => undefined,
    stderr: () => undefined,
  });
  expect(code).toBe(0);
  await h.send(h.a.channel('subscribe drift --every "* * * * * *"'));
  const alert = await waitUntil('the drift alert', () =>
    h.connector.requests.find((r) => JSON.stringify(r.body).includes('"incidentId"')),
  );
  incidentId = /"incidentId":"([^"]+)"/.exec(JSON.stringify(alert.body))?.[1] ?? '';
});
afterAll(() => h.stop());

/** Clicks as `who` and returns the invoke's answer and any text the bot sent meanwhile. */
async function click(who: Harness['a'], verb: string, data: Record<string, unknown>) {
  const before = h.connector.requests.length;
  const res = await h.send(clickInChannel(who, verb, data));
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
