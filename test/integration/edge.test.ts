import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAdapter } from '../../src/bot/adapter';
import { ProactiveMessenger } from '../../src/bot/conversations';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/platform/logging/logger';
import { ConversationRepository } from '../../src/platform/store/conversation-repository';
import { openSqliteStore } from '../../src/platform/store/sqlite-store';
import { ServiceError } from '../../src/services/errors';
import { startHarness, type Harness } from '../support/bot-harness';
import { closedPortUrl, startStalledPeer, type StalledPeer } from '../support/loopback-peers';

/** The connector deadline in these tests (HTTP_TIMEOUT_MS), short so a stall is cheap. */
const DEADLINE_MS = 1_000;

let h: Harness;
let stalled: StalledPeer;

beforeAll(async () => {
  h = await startHarness({ env: { HTTP_TIMEOUT_MS: String(DEADLINE_MS), LOG_LEVEL: 'info' } });
  stalled = await startStalledPeer();
});
afterAll(async () => {
  await h.stop();
  await stalled.close();
});
beforeEach(() => {
  h.connector.clear();
  h.logs.length = 0;
});

const errorLines = () => h.logs.filter((l) => l.level >= 50);
const messageOf = (body: unknown): string => {
  const message = (body as { error?: { message?: unknown } }).error?.message;
  return typeof message === 'string' ? message : '';
};

describe('activity shape at the edge', () => {
  it.each([
    ['id', { id: 42 }, '"id" must be a string'],
    ['conversation.id', { conversation: { id: { $gt: '' } } }, '"conversation.id"'],
    ['from.id', { from: { id: 7, name: 'x' } }, '"from.id" must be a string'],
    ['serviceUrl', { serviceUrl: 'not a url' }, '"serviceUrl" must be an http(s) URL'],
    ['entities', { entities: 'mention' }, '"entities" must be an array'],
    ['channelData.team.id', { channelData: { team: { id: [] } } }, '"channelData.team.id"'],
    ['membersAdded', { membersAdded: [{ id: 1 }] }, '"membersAdded[0].id" must be a string'],
    ['locale', { locale: null }, '"locale" must be a string'],
  ])('answers 400 naming %s', async (_field, patch, reason) => {
    const res = await h.send({ ...h.a.personal('help'), ...patch });
    expect(res.status).toBe(400);
    expect(messageOf(res.body)).toContain(reason);
    expect(h.connector.requests).toHaveLength(0);
    expect(errorLines()).toEqual([]);
    expect(h.logs.some((l) => l.level === 40 && l.msg === 'activity rejected')).toBe(true);
  });
});

describe('invokes the bot cannot handle', () => {
  const universalError = { statusCode: 400, type: 'application/vnd.microsoft.error' };

  it.each([
    ['no action', {}, '"action" is missing'],
    ['a junk action', { action: 'Action.Execute' }, '"action" must be an object'],
    ['a verb that is not a string', { action: { verb: { run: 1 } } }, '"action.verb"'],
    ['data that is not an object', { action: { verb: 'run', data: [1] } }, '"action.data"'],
    ['an unknown verb', { action: { verb: 'gone-verb', data: {} } }, 'no longer supported'],
    ['run of an unknown command', { action: { verb: 'run', data: { command: 9 } } }, 'no longer'],
  ])('answers a card action with %s with a Universal Actions error', async (_, value, reason) => {
    const res = await h.send({ ...h.a.invokeAction('run'), value });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ...universalError, value: { code: 'BadRequest' } });
    expect((res.body as { value: { message: string } }).value.message).toContain(reason);
    expect(h.connector.requests).toHaveLength(0);
    expect(errorLines()).toEqual([]);
  });

  it('answers an invoke name it does not handle with 400, not 501', async () => {
    for (const name of ['task/fetch', 'composeExtension/fetchTask', 'signin/verifyState']) {
      const res = await h.send({ ...h.a.invokeAction('run'), name });
      expect(res.status, name).toBe(400);
      expect(messageOf(res.body), name).toContain(`"${name}"`);
    }
    const nameless = { ...h.a.invokeAction('run'), name: undefined };
    const res = await h.send(nameless);
    expect(res.status).toBe(400);
    expect(messageOf(res.body)).toContain('without a name');
    expect(errorLines()).toEqual([]);
  });
});

describe('a serviceUrl that misbehaves', () => {
  it('ends the turn within the deadline when the serviceUrl never answers', async () => {
    const started = Date.now();
    const res = await h.send({ ...h.a.personal('help'), serviceUrl: stalled.url });
    const took = Date.now() - started;
    expect(res.status).toBe(200);
    expect(took).toBeGreaterThanOrEqual(DEADLINE_MS - 50);
    expect(took).toBeLessThan(DEADLINE_MS + 2_000);
    expect(stalled.accepted).toBeGreaterThan(0);
    const warns = h.logs.filter((l) => l.msg === 'reply not delivered to the serviceUrl');
    expect(warns).toHaveLength(1);
    expect(warns[0]).toMatchObject({ level: 40, serviceUrl: stalled.url });
    expect(JSON.stringify(warns[0])).not.toContain('stack');
    expect(errorLines()).toEqual([]);
  });

  it('answers a card action whose reply stalls with a Universal Actions error in time', async () => {
    const started = Date.now();
    const invoke = h.a.invokeAction('run', { command: 'whoami' });
    const res = await h.send({ ...invoke, serviceUrl: stalled.url });
    expect(Date.now() - started).toBeLessThan(DEADLINE_MS + 2_000);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ statusCode: 400, type: 'application/vnd.microsoft.error' });
    expect(errorLines()).toEqual([]);
  });

  it('answers quickly when the serviceUrl refuses the connection', async () => {
    const refused = await closedPortUrl();
    const started = Date.now();
    const res = await h.send({ ...h.a.groupChat('whoami'), serviceUrl: refused });
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(DEADLINE_MS + 2_000);
    expect(h.logs.filter((l) => l.msg === 'reply not delivered to the serviceUrl')).toHaveLength(1);
    expect(errorLines()).toEqual([]);
  });

  it('still replies through a working serviceUrl afterwards', async () => {
    const res = await h.send(h.a.personal('help'));
    expect(res.status).toBe(200);
    await h.connector.waitFor(1);
  });
});

describe('proactive sends to a stalled serviceUrl', () => {
  it('fail with a retryable Teams timeout within the deadline', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'edge-proactive-'));
    const store = openSqliteStore(dir);
    try {
      const conversations = new ConversationRepository(store);
      await conversations.capture({
        conversationId: '19:stalled@thread.tacv2',
        serviceUrl: stalled.url,
        channelId: 'msteams',
        tenantId: 't1',
        teamId: '19:team@thread.tacv2',
        teamsChannelId: '19:stalled@thread.tacv2',
        conversationType: 'channel',
        botId: '28:bot',
        botName: 'LLMOps Bot',
        locale: 'en-US',
      });
      const log = createLogger('silent');
      const config = loadConfig({ LOG_LEVEL: 'silent', HTTP_TIMEOUT_MS: String(DEADLINE_MS) });
      const messenger = new ProactiveMessenger(createAdapter(config, log), '', conversations, log);
      const started = Date.now();
      const failure: unknown = await messenger
        .send('19:stalled@thread.tacv2', { kind: 'text', text: 'hello' })
        .then(
          () => undefined,
          (err: unknown) => err,
        );
      expect(Date.now() - started).toBeLessThan(DEADLINE_MS + 2_000);
      expect(failure).toBeInstanceOf(ServiceError);
      expect(failure).toMatchObject({ service: 'Teams', reason: 'timeout', retryable: true });
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
