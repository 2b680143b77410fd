import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cardOf, startHarness, type Harness } from '../support/bot-harness';

let dataDir: string;
let h: Harness | undefined;

beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'llmops-restart-'));
});
afterEach(async () => {
  await h?.stop();
  h = undefined;
  rmSync(dataDir, { recursive: true, force: true });
});

describe('restart on the same DATA_DIR', () => {
  it('keeps conversation records and does not welcome again', async () => {
    h = await startHarness({ dataDir });
    await h.send(h.a.installationAdd('personal'));
    await h.send(h.a.personal('help'));
    await h.send(h.a.installationAdd('groupChat'));
    await h.send(h.a.groupChat('status'));
    expect(h.connector.requests).toHaveLength(4);
    const before = await h.conversations();
    expect(before.map((c) => c.conversationId).sort()).toEqual(
      [h.a.world.groupChatId, h.a.world.personalId].sort(),
    );
    expect(before.every((c) => c.welcomedAt !== undefined)).toBe(true);

    await h.restart();
    h.connector.clear();
    expect((await h.request('GET', '/readyz')).status).toBe(200);

    expect(await h.conversations()).toEqual(before);
    await h.send(h.a.installationAdd('personal'));
    await h.send(h.a.membersAdded('groupChat', true));
    expect(h.connector.requests).toHaveLength(0);

    await h.send(h.a.personal('whoami'));
    const [reply] = await h.connector.waitFor(1);
    expect(cardOf(reply?.body)).toBeDefined();
    const after = await h.conversations();
    expect(after).toHaveLength(2);
    const personal = after.find((c) => c.conversationId === h?.a.world.personalId);
    expect(personal?.welcomedAt).toBe(
      before.find((c) => c.conversationId === h?.a.world.personalId)?.welcomedAt,
    );
  });
});

describe('graceful stop', () => {
  it('finishes a turn that is in flight, then resolves', async () => {
    h = await startHarness({ dataDir });
    h.connector.setDelay(300);
    const inFlight = h.send(h.a.personal('help'));
    // The turn has reached the connector (and is waiting for its answer) when stop begins.
    await h.connector.waitFor(1);
    const stopped = h.stopBot();
    const res = await inFlight;
    await stopped;
    expect(res.status).toBe(200);
    expect(h.connector.requests).toHaveLength(1);
    expect(cardOf(h.connector.requests[0]?.body)).toBeDefined();
    expect(h.logs.some((l) => l.msg === 'unhandled turn error')).toBe(false);
    expect(h.logs.some((l) => String(l.msg).includes('turns abandoned'))).toBe(false);
    expect(h.logs.at(-1)?.msg).toBe('bot stopped');
  });

  it('refuses connections once stopped', async () => {
    h = await startHarness({ dataDir });
    const url = h.url;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    await h.stopBot();
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});
