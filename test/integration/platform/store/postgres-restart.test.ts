import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxRepository } from '../../../../src/platform/outbox/outbox-repository';
import {
  openPostgresStore,
  type PostgresStore,
} from '../../../../src/platform/store/postgres-store';
import { STORE_UNAVAILABLE_TEXT } from '../../../../src/platform/store/store-unavailable';
import { cardOf, cardText, startHarness, type Harness } from '../../../support/bot-harness';
import { startPostgres, type PostgresServer } from '../../../support/postgres-server';

// Its own cluster: the run's shared one serves other test files in parallel.
let server: PostgresServer;
let h: Harness;

beforeAll(async () => {
  server = await startPostgres();
  h = await startHarness({ env: { DATABASE_URL: server.url() } });
});
afterAll(async () => {
  await h?.stop();
  server?.stop();
});

const replyText = (body: Record<string, unknown> | undefined): string =>
  `${typeof body?.text === 'string' ? body.text : ''} ${cardText(cardOf(body))}`;

async function say(text: string): Promise<string> {
  const before = h.connector.requests.length;
  await h.send(h.a.personal(text));
  const [reply] = (await h.connector.waitFor(before + 1)).slice(before);
  return replyText(reply?.body);
}

async function until(check: () => Promise<boolean>, what: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check().catch(() => false))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('PostgreSQL restarted under the running bot', () => {
  it('says so during the gap, is not ready, recovers by itself, and loses nothing from the outbox', async () => {
    expect(await say('help')).toContain('LLMOps Bot commands');
    const conversationId = (await h.conversations())[0]?.conversationId ?? '';

    // Twenty proactive messages queued just before the server goes away, due during the gap.
    const writer: PostgresStore = await openPostgresStore({ url: server.url(), poolMax: 1 });
    try {
      const outbox = new OutboxRepository(writer);
      const due = Date.now() + 1_000;
      for (let i = 0; i < 20; i++)
        await outbox.enqueue(
          {
            key: `restart:${i}`,
            conversationId,
            kind: 'send',
            payload: { kind: 'text', text: `queued ${i}` },
          },
          due,
        );
    } finally {
      await writer.close();
    }
    server.halt();

    await until(async () => (await h.request('GET', '/readyz')).status === 503, '/readyz 503');
    expect(JSON.stringify((await h.request('GET', '/readyz')).body)).toMatch(/not ready/);
    // A command that needs the store answers with the sentence, not a generic error.
    expect(await say('subscriptions')).toContain(STORE_UNAVAILABLE_TEXT);
    await new Promise((r) => setTimeout(r, 1_500)); // the queued messages fall due meanwhile

    server.resume();
    await until(async () => (await h.request('GET', '/readyz')).status === 200, '/readyz 200');
    expect(await say('subscriptions')).not.toContain(STORE_UNAVAILABLE_TEXT);
    const queued = () =>
      h.connector.requests
        .map((r) => (typeof r.body?.text === 'string' ? r.body.text : ''))
        .filter((t) => /^queued \d+$/.test(t));
    await until(() => Promise.resolve(queued().length >= 20), 'the queued messages');
    const texts = queued();
    expect(texts.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `queued ${i}`).sort());
  });
});
