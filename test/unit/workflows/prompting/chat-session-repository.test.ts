import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../../../src/platform/store/postgres-store';
import { ChatSessionRepository } from '../../../../src/workflows/prompting/chat-session-repository';
import {
  createTestDatabase,
  openTestStore,
  STORE_KINDS,
  type TestStore,
} from '../../../support/test-store';

const CONV = '19:chat@thread.tacv2';

describe.each(STORE_KINDS)('ChatSessionRepository on %s', (kind) => {
  let t: TestStore;
  let clock: number;
  let sessions: ChatSessionRepository;
  beforeEach(async () => {
    t = await openTestStore(kind);
    clock = 1_000;
    sessions = new ChatSessionRepository(t.store, () => clock);
  });
  afterEach(async () => {
    await t.dispose();
  });

  it('starts a session per user, and a restart clears history but takes the new settings', async () => {
    const started = await sessions.start(CONV, 'ada', {
      systemPrompt: 'Be terse.',
      temperature: 0.5,
    });
    expect(started).toEqual({
      conversationId: CONV,
      userId: 'ada',
      target: undefined,
      systemPrompt: 'Be terse.',
      temperature: 0.5,
      maxTokens: undefined,
      history: [],
      startedAt: 1_000,
      updatedAt: 1_000,
    });
    expect(await sessions.isActive(CONV, 'ada')).toBe(true);
    expect(await sessions.isActive(CONV, 'bob')).toBe(false);
    await sessions.appendTurn(CONV, 'ada', { user: 'hi', assistant: 'hello' });
    clock = 2_000;
    expect(await sessions.start(CONV, 'ada', { target: 'azure' })).toMatchObject({
      target: 'azure',
      systemPrompt: undefined,
      temperature: undefined,
      history: [],
      startedAt: 2_000,
    });
    expect(await sessions.get(CONV, 'bob')).toBeUndefined();
  });

  it('appends exchanges in order and forgets the dropped oldest ones only once', async () => {
    await sessions.start(CONV, 'ada');
    await sessions.appendTurn(CONV, 'ada', { user: 'q1', assistant: 'a1' });
    const read = await sessions.get(CONV, 'ada');
    await sessions.appendTurn(CONV, 'ada', { user: 'q2', assistant: 'a2' });
    // Two turns read the same history and both dropped q1/a1: the second must not drop q2/a2.
    const forget = read?.history.slice(0, 2) ?? [];
    clock = 3_000;
    expect(await sessions.appendTurn(CONV, 'ada', { user: 'q3', assistant: 'a3', forget })).toBe(
      true,
    );
    expect(await sessions.appendTurn(CONV, 'ada', { user: 'q4', assistant: 'a4', forget })).toBe(
      true,
    );
    const s = await sessions.get(CONV, 'ada');
    expect(s?.history.map((m) => m.content)).toEqual(['q2', 'a2', 'q3', 'a3', 'q4', 'a4']);
    expect(s?.history[0]?.role).toBe('user');
    expect(s?.updatedAt).toBe(3_000);
    expect(await sessions.appendTurn(CONV, 'bob', { user: 'q', assistant: 'a' })).toBe(false);
  });

  it('updates only the named settings, resets history, and ends', async () => {
    await sessions.start(CONV, 'ada', { systemPrompt: 'Be terse.', maxTokens: 100 });
    await sessions.appendTurn(CONV, 'ada', { user: 'q1', assistant: 'a1' });
    clock = 2_000;
    expect(
      await sessions.updateSettings(CONV, 'ada', { temperature: 1, maxTokens: undefined }),
    ).toMatchObject({
      systemPrompt: 'Be terse.',
      temperature: 1,
      maxTokens: undefined,
      history: [
        { role: 'user', content: 'q1' },
        { role: 'assistant', content: 'a1' },
      ],
      updatedAt: 2_000,
    });
    expect(await sessions.updateSettings(CONV, 'bob', { temperature: 1 })).toBeUndefined();
    expect(await sessions.reset(CONV, 'ada')).toBe(true);
    expect(await sessions.get(CONV, 'ada')).toMatchObject({
      history: [],
      systemPrompt: 'Be terse.',
    });
    expect(await sessions.reset(CONV, 'bob')).toBe(false);
    expect(await sessions.end(CONV, 'ada')).toBe(true);
    expect(await sessions.end(CONV, 'ada')).toBe(false);
    expect(await sessions.isActive(CONV, 'ada')).toBe(false);
  });
});

describe('two replicas on one PostgreSQL database', () => {
  it('concurrent turns appended to one session through two stores lose nothing', async () => {
    const database = await createTestDatabase();
    const stores = await Promise.all(
      [0, 1].map(() => openPostgresStore({ url: database.url, poolMax: 4 })),
    );
    try {
      const [a, b] = stores.map((s) => new ChatSessionRepository(s));
      if (!a || !b) throw new Error('two stores expected');
      await a.start(CONV, 'ada');
      const turns = Array.from({ length: 16 }, (_, i) => i);
      // Every turn read the same (empty) history before its model call; all append at once.
      const results = await Promise.all(
        turns.map((i) =>
          (i % 2 ? b : a).appendTurn(CONV, 'ada', { user: `q${i}`, assistant: `a${i}` }),
        ),
      );
      expect(results).toEqual(turns.map(() => true));
      const history = (await b.get(CONV, 'ada'))?.history ?? [];
      expect(history).toHaveLength(32);
      expect(
        history
          .filter((m) => m.role === 'user')
          .map((m) => m.content)
          .sort(),
      ).toEqual(turns.map((i) => `q${i}`).sort());
      // Each exchange stays whole: an answer follows its own question.
      for (let k = 0; k < history.length; k += 2) {
        expect(history[k + 1]?.content).toBe(history[k]?.content.replace('q', 'a'));
      }
    } finally {
      await Promise.all(stores.map((s) => s.close()));
      await database.drop();
    }
  });
});
