import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startArmTestEnv } from '../../fakes/fake-arm/arm-test-env';
import { FakeGraph } from '../../fakes/fake-graph';
import {
  cardOf,
  cardText,
  DEFAULT_USER,
  startHarness,
  type Harness,
} from '../../support/bot-harness';

const GRAPH = 'https://graph.microsoft.com';
const OPS = '33333333-3333-3333-3333-333333333330';
const NESTED = '33333333-3333-3333-3333-333333333331';
const OTHER = '33333333-3333-3333-3333-333333333332';

let arm: Awaited<ReturnType<typeof startArmTestEnv>>;
let graph: FakeGraph;
let h: Harness | undefined;
/** Set to answer every token as Graph does one for another audience. */
let wrongAudience = false;
beforeAll(async () => {
  // The bot's credential is DefaultAzureCredential; its managed-identity path is the fake's.
  arm = await startArmTestEnv();
  graph = new FakeGraph({ acceptToken: (t) => !wrongAudience && arm.fake.issuedFor(t, GRAPH) });
  await graph.start();
});
afterAll(async () => {
  await graph.stop();
  await arm.stop();
});
afterEach(async () => {
  await h?.stop();
  h = undefined;
  graph.reset();
  wrongAudience = false;
});

async function bot(): Promise<Harness> {
  h = await startHarness({
    env: {
      LOG_LEVEL: 'warn',
      ADMIN_GROUP_IDS: `${OTHER},${OPS}`,
      GRAPH_ENDPOINT: graph.url,
    },
  });
  return h;
}

/** Sends a personal message and returns the text of what the bot answered. */
async function say(b: Harness, line: string): Promise<string> {
  const before = b.connector.requests.length;
  await b.send(b.a.personal(line));
  const reply = (await b.connector.waitFor(before + 1))[before]?.body;
  return cardText(cardOf(reply)) || String(reply?.text);
}

// `cleanup` is mutating; with no subscription configured a permitted user hears that Azure is
// missing, a refused one hears why they may not: the permission check is what tells them apart.
const refused = /You may not run `cleanup`/;
const permitted = /AZURE_SUBSCRIPTION_ID/;

describe('ADMIN_GROUP_IDS through Microsoft Graph', { timeout: 30_000 }, () => {
  it('grants a member of a nested group, and asks Graph once for a few minutes', async () => {
    graph.users.add(DEFAULT_USER.aadObjectId);
    graph.members.set(OPS, [NESTED]);
    graph.members.set(NESTED, [DEFAULT_USER.aadObjectId]);
    const b = await bot();
    expect(await say(b, 'whoami')).toContain('You belong to a group listed in ADMIN_GROUP_IDS.');
    expect(await say(b, 'cleanup')).toMatch(permitted);
    expect(graph.calls).toEqual([
      { userId: DEFAULT_USER.aadObjectId, groupIds: [OTHER, OPS], status: 200 },
    ]);
  });

  it('refuses someone in none of the groups, and says how to be let in', async () => {
    graph.users.add(DEFAULT_USER.aadObjectId);
    graph.members.set(OPS, ['someone-else']);
    const b = await bot();
    const text = await say(b, 'cleanup');
    expect(text).toMatch(refused);
    expect(text).toContain('ADMIN_GROUP_IDS (Entra groups, nested ones count); you are in neither');
    const denied = (await b.auditEntries()).find((e) => e.result === 'denied');
    expect(denied?.action).toBe('cleanup');
  });

  it('says which Graph permission is missing when Graph answers 403', async () => {
    graph.users.add(DEFAULT_USER.aadObjectId);
    graph.denied = true;
    const b = await bot();
    const text = await say(b, 'cleanup');
    expect(text).toMatch(refused);
    expect(text).toContain('User.Read.All and GroupMember.Read.All');
    expect(text).toContain('admin consent');
    // A refusal is not cached: once the permission is granted, the next click works.
    graph.denied = false;
    graph.members.set(OPS, [DEFAULT_USER.aadObjectId]);
    expect(await say(b, 'cleanup')).toMatch(permitted);
  });

  it('treats a user the directory does not know (404) as in no group', async () => {
    const b = await bot();
    expect(await say(b, 'cleanup')).toMatch(/you are in neither/);
    expect(graph.calls.map((c) => c.status)).toEqual([404]);
  });

  it('waits out a 429 with Retry-After, and reports a long one instead of hanging', async () => {
    graph.users.add(DEFAULT_USER.aadObjectId);
    graph.members.set(OPS, [DEFAULT_USER.aadObjectId]);
    graph.throttle(1);
    const b = await bot();
    expect(await say(b, 'whoami')).toContain('You belong to a group');
    expect(graph.calls.map((c) => c.status)).toEqual([429, 200]);

    await b.restart(); // a fresh cache
    graph.throttle(120);
    const text = await say(b, 'cleanup');
    expect(text).toMatch(refused);
    expect(text).toContain('Microsoft Graph is rate-limiting the bot. Try again in 120 s.');
  });

  it('asks about 20 groups per call, as Graph allows, and finds a member of the 21st', async () => {
    const many = Array.from(
      { length: 21 },
      (_, i) => `44444444-4444-4444-4444-${String(i).padStart(12, '0')}`,
    );
    graph.users.add(DEFAULT_USER.aadObjectId);
    graph.members.set(many[20] ?? '', [DEFAULT_USER.aadObjectId]);
    h = await startHarness({
      env: { LOG_LEVEL: 'warn', ADMIN_GROUP_IDS: many.join(','), GRAPH_ENDPOINT: graph.url },
    });
    expect(await say(h, 'cleanup')).toMatch(permitted);
    expect(graph.calls.map((c) => [(c.groupIds as string[]).length, c.status])).toEqual([
      [20, 200],
      [1, 200],
    ]);
  });

  it('refuses with the sign-in problem when Graph rejects the token (401)', async () => {
    graph.users.add(DEFAULT_USER.aadObjectId);
    wrongAudience = true;
    const b = await bot();
    const text = await say(b, 'cleanup');
    expect(text).toMatch(refused);
    expect(text).toContain('Group membership (ADMIN_GROUP_IDS) could not be checked.');
    expect(text).toContain("Microsoft Graph rejected the bot's credentials");
  });
});
