import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatSessionRepository } from '../../../../src/workflows/prompting/chat-session-repository';
import { openPostgresStore } from '../../../../src/platform/store/postgres-store';
import { cardOf, startHarness, type Harness } from '../../../support/bot-harness';
import { createTestDatabase } from '../../../support/test-store';
import { fakeEcho, startFakeOpenAI, type FakeOpenAI } from '../../../fakes/fake-openai';

const KEY = 'aoai-KEY-replicas-never-shown';

let fake: FakeOpenAI;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
const replicas: Harness[] = [];

beforeAll(async () => {
  fake = await startFakeOpenAI({ azureApiKey: KEY });
  database = await createTestDatabase();
  // Two bot processes' worth of everything (store pool, outbox, runner, scheduler) on one database.
  for (let i = 0; i < 2; i++) {
    replicas.push(
      await startHarness({
        env: {
          DATABASE_URL: database.url,
          AZURE_OPENAI_ENDPOINT: fake.url,
          AZURE_OPENAI_API_KEY: KEY,
          AZURE_OPENAI_DEPLOYMENT: 'chat',
        },
      }),
    );
  }
});
afterAll(async () => {
  for (const r of replicas.splice(0)) await r.stop();
  await database?.drop();
  await fake?.close();
});

/** One personal-chat turn on replica `i` (the same user and chat on both); returns the reply. */
async function say(i: number, text: string): Promise<Record<string, unknown>> {
  const r = replicas[i];
  if (!r) throw new Error('no replica');
  const before = r.connector.requests.length;
  await r.send(r.a.personal(text));
  const reply = (await r.connector.waitFor(before + 1))[before]?.body;
  if (!reply) throw new Error('no reply');
  return reply;
}

const chatMessages = () =>
  fake.requests.filter((q) => q.path.endsWith('/chat/completions')).at(-1)?.body?.messages as {
    role: string;
    content: string;
  }[];

describe('two replicas on one PostgreSQL, one conversation', () => {
  it('turns alternating between the replicas keep the whole chat history and its settings', async () => {
    expect(JSON.stringify(await say(0, 'chat You are terse.'))).toContain('Chat started');
    const questions = ['q one', 'q two', 'q three', 'q four'];
    for (const [n, q] of questions.entries()) {
      expect(JSON.stringify(await say(n % 2, q))).toContain(fakeEcho('chat', q));
    }
    // The last call (on replica 1) carried every earlier exchange, whichever replica answered it.
    const sent = chatMessages();
    expect(sent.map((m) => m.content)).toEqual([
      'You are terse.',
      'q one',
      fakeEcho('chat', 'q one'),
      'q two',
      fakeEcho('chat', 'q two'),
      'q three',
      fakeEcho('chat', 'q three'),
      'q four',
    ]);

    // Settings saved through replica 1's card are what replica 0 uses next.
    const card = cardOf(await say(1, 'chat settings'));
    expect(JSON.stringify(card)).toContain('chat.saveSettings');
    const r1 = replicas[1];
    if (!r1) throw new Error('no replica');
    const res = await r1.send(
      r1.a.invokeAction('chat.saveSettings', {
        systemPrompt: 'Be kind.',
        temperature: '0.5',
        maxTokens: '64',
      }),
    );
    expect(JSON.stringify(res.body)).toContain('Saved.');
    await say(0, 'q five');
    const fifth = fake.requests.filter((q) => q.path.endsWith('/chat/completions')).at(-1);
    expect(fifth?.body).toMatchObject({ temperature: 0.5, max_tokens: 64 });
    expect(chatMessages()[0]?.content).toBe('Be kind.');
    expect(chatMessages()).toHaveLength(1 + 2 * 5 - 1);

    // And the stored session holds exactly the ten messages, once each.
    const store = await openPostgresStore({ url: database.url, poolMax: 1 });
    try {
      const r0 = replicas[0];
      if (!r0) throw new Error('no replica');
      const conversationId = (await r0.conversations())[0]?.conversationId ?? '';
      const sessions = new ChatSessionRepository(store);
      const userId = r0.a.personal('x').from as { aadObjectId?: string; id: string };
      const session = await sessions.get(conversationId, userId.aadObjectId ?? userId.id);
      expect(session?.history.map((m) => m.content)).toEqual(
        ['q one', 'q two', 'q three', 'q four', 'q five'].flatMap((q) => [q, fakeEcho('chat', q)]),
      );
    } finally {
      await store.close();
    }
  });
});
