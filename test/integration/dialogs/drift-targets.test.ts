import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDriftImport } from '../../../src/cli/drift-import-command';
import { openSqliteStore } from '../../../src/platform/store/sqlite-store';
import { startHarness, type Harness } from '../../support/bot-harness';

let h: Harness;

/** A few logged predictions of one target, so the log knows it (no default target is set). */
beforeAll(async () => {
  h = await startHarness();
  const now = Date.now();
  const lines = [1, 2, 3].map((i) =>
    JSON.stringify({ at: now - i * 60_000, target: 'gpt-a', latency_ms: 400, status: 'ok' }),
  );
  const code = await runDriftImport(['a.jsonl'], {
    readFile: () => Promise.resolve(lines.join('\n')),
    openStore: () => Promise.resolve(openSqliteStore(h.dataDir)),
    now: Date.now,
    stdout: () => undefined,
    stderr: () => undefined,
  });
  expect(code).toBe(0);
});
afterAll(() => h.stop());

async function say(text: string): Promise<string> {
  const n = h.connector.requests.length;
  await h.send(h.a.personal(text));
  const got = await h.connector.waitFor(n + 1);
  return String(got[n]?.body?.text);
}

describe('drift targets (bot harness)', () => {
  it('`drift` with no target and no default lists the targets it knows', async () => {
    expect(await say('drift')).toBe(
      'Which target? **drift &lt;target&gt;**; known: gpt-a. An operator can set DRIFT_DEFAULT_TARGET.',
    );
  });

  it('`drift <unknown>` says so and names the known targets instead of a report of empty rows', async () => {
    expect(await say('drift nothere')).toBe('No target named "nothere"; known: gpt-a.');
  });
});
