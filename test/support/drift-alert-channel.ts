import { expect } from 'vitest';
import { runDriftImport } from '../../src/cli/drift-import-command';
import { openSqliteStore } from '../../src/platform/store/sqlite-store';
import type { Harness, WireActivity } from './bot-harness';
import { HOUR, rng } from './drift-rig';
import { waitUntil } from './wait-until';

/** Environment for a bot that alerts on gpt-test's latency and completion length within seconds. */
export const DRIFT_ALERT_ENV = {
  DRIFT_DEFAULT_TARGET: 'gpt-test',
  DRIFT_WINDOW_HOURS: '1',
  DRIFT_FEATURES: 'latency_ms,completion_tokens',
} as const;

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

/**
 * Gets a real drift alert into the harness's channel through the bot: imports drifted
 * predictions into its store, subscribes the channel every second, waits for the alert card.
 * Returns the incident's id and the alert's thread (the conversation id the connector answered
 * for the alert's post: channel;messageid=…).
 */
export async function raiseDriftAlert(
  h: Harness,
): Promise<{ incidentId: string; alertThread: string }> {
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
  return {
    incidentId: /"incidentId":"([^"]+)"/.exec(JSON.stringify(alert.body))?.[1] ?? '',
    alertThread: alert.answeredId ?? '',
  };
}

/** A click on the alert card, in the alert's channel (where the buttons count). */
export function clickInChannel(
  as: Harness['a'],
  verb: string,
  data: Record<string, unknown>,
): WireActivity {
  const channelPost = as.channel('x');
  const click = as.invokeAction(verb, data);
  return {
    ...click,
    conversation: channelPost.conversation,
    channelData: { ...(channelPost.channelData as object), source: { name: 'message' } },
  };
}
