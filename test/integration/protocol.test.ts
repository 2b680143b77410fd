import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  cardOf,
  cardText,
  startHarness,
  type CapturedRequest,
  type Harness,
} from '../support/bot-harness';
import { CARD_BYTE_LIMIT, checkCard } from '../support/card-validator';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.stop();
});
beforeEach(() => {
  h.connector.clear();
});

/** The single card the bot sent, validated like every card in the suite. */
function validCard(req: CapturedRequest | undefined): Record<string, unknown> {
  const card = cardOf(req?.body);
  expect(card, `no Adaptive Card in ${JSON.stringify(req?.body)}`).toBeDefined();
  const check = checkCard(card ?? {});
  expect(check.events).toEqual([]);
  expect(check.bytes).toBeLessThanOrEqual(CARD_BYTE_LIMIT);
  return card ?? {};
}

/** Error reason from either body shape the server answers with. */
function reasonOf(body: unknown): string {
  const b = body as { error?: { message?: unknown }; message?: unknown } | undefined;
  const message = b?.error?.message ?? b?.message;
  return typeof message === 'string' ? message : '';
}

describe('typed commands', () => {
  it('answers `help` in a personal chat with the help card, as a reply to the message', async () => {
    const activity = h.a.personal('help');
    const res = await h.send(activity);
    expect(res.status).toBe(200);
    const [reply] = await h.connector.waitFor(1);
    expect(reply?.method).toBe('POST');
    expect(reply?.conversationId).toBe(h.a.world.personalId);
    expect(reply?.activityId).toBe(activity.id);
    const text = cardText(validCard(reply));
    expect(text).toContain('LLMOps Bot commands');
    for (const id of ['help', 'status', 'whoami', 'audit']) expect(text).toContain(id);
    expect(text).not.toContain("I don't know");
  });

  it('strips the <at> mention in a channel and replies into the post thread with whoami', async () => {
    const activity = h.a.channel('whoami');
    expect(activity.text).toBe('<at>LLMOps Bot</at> whoami');
    await h.send(activity);
    const [reply] = await h.connector.waitFor(1);
    const thread = `${h.a.world.channel.id};messageid=${String(activity.id)}`;
    expect(reply?.conversationId).toBe(thread);
    expect(reply?.activityId).toBe(activity.id);
    expect(reply?.path).toContain(encodeURIComponent(thread));
    const text = cardText(validCard(reply));
    expect(text).toContain('Who am I');
    expect(text).toContain('Team channel');
    expect(text).toContain(h.a.world.channel.id);
    expect(text).toContain(h.a.world.team.id);
    expect(text).toContain(h.a.world.user.name);
  });

  it('runs `status` in a group chat', async () => {
    await h.send(h.a.groupChat('status'));
    const [reply] = await h.connector.waitFor(1);
    expect(reply?.conversationId).toBe(h.a.world.groupChatId);
    expect(String(reply?.body?.summary)).toMatch(/^Status: /);
    expect(cardText(validCard(reply))).toContain('Store');
  });

  it('answers an unknown word briefly, naming the exact first word, never with the help card', async () => {
    await h.send(h.a.personal("please don't delete"));
    const [reply] = await h.connector.waitFor(1);
    const text = cardText(validCard(reply));
    expect(text).toContain('I don\'t know "please".');
    expect(text).toContain('Send `help` for all commands.');
    expect(text).not.toContain('LLMOps Bot commands');
    expect(text).not.toContain('cleanup');
  });

  it('shows help without a hint for empty text and for a bare mention', async () => {
    await h.send(h.a.personal(''));
    await h.send(h.a.groupChat(''));
    const replies = await h.connector.waitFor(2);
    for (const reply of replies) {
      const text = cardText(validCard(reply));
      expect(text).toContain('LLMOps Bot commands');
      expect(text).not.toContain("I don't know");
    }
    expect(h.connector.requests).toHaveLength(2);
  });
});

describe('card actions', () => {
  it('answers an adaptiveCard/action invoke in the HTTP body and posts the command reply', async () => {
    const invoke = h.a.invokeAction('run', { command: 'whoami' });
    const res = await h.send(invoke);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: 'Sent',
    });
    const [reply] = await h.connector.waitFor(1);
    expect(reply?.conversationId).toBe(h.a.world.personalId);
    expect(cardText(validCard(reply))).toContain('Who am I');
  });

  it('refuses an invoke without a verb with a Universal Actions error (HTTP 200)', async () => {
    const invoke = h.a.invokeAction('', {});
    const res = await h.send(invoke);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ statusCode: 400, type: 'application/vnd.microsoft.error' });
    expect(reasonOf((res.body as { value?: unknown }).value)).toContain('no verb');
    expect(h.connector.requests).toHaveLength(0);
  });

  it('handles the Action.Submit fallback (a message with value) like the button', async () => {
    const submit = h.a.submit({ verb: 'run', command: 'status' }, { replyToId: 'card-42' });
    expect(submit.text).toBeUndefined();
    await h.send(submit);
    const [reply] = await h.connector.waitFor(1);
    expect(reply?.method).toBe('POST');
    expect(String(reply?.body?.summary)).toMatch(/^Status: /);
    validCard(reply);
  });

  it('tells the user when a button verb is no longer supported', async () => {
    await h.send(h.a.submit({ verb: 'gone-verb' }));
    const [reply] = await h.connector.waitFor(1);
    expect(reply?.body?.text).toContain('no longer supported');
    await h.send({ ...h.a.submit({ verb: 'gone-verb' }), locale: 'fr-FR' });
    const [, french] = await h.connector.waitFor(2);
    expect(french?.body?.text).toBe('Ce bouton n’est plus pris en charge. Relancez la commande.');
  });
});

describe('welcome', () => {
  it('sends exactly one welcome card for a repeated installationUpdate add', async () => {
    const a = h.activities({ personalId: 'a:1welcome-install-twice' });
    expect((await h.send(a.installationAdd('personal'))).status).toBe(200);
    expect((await h.send(a.installationAdd('personal'))).status).toBe(200);
    // Each POST returns only after its turn finished, so nothing more can arrive.
    expect(h.connector.requests).toHaveLength(1);
    const [welcome] = h.connector.requests;
    expect(welcome?.conversationId).toBe('a:1welcome-install-twice');
    expect(cardText(validCard(welcome))).toContain('Welcome to LLMOps Bot');
  });

  it('welcomes on membersAdded with the bot, once, and not again after installationUpdate', async () => {
    const a = h.activities({ groupChatId: '19:welcome-members@thread.v2' });
    await h.send(a.membersAdded('groupChat', true));
    await h.send(a.membersAdded('groupChat', true));
    await h.send(a.installationAdd('groupChat'));
    expect(h.connector.requests).toHaveLength(1);
    const text = cardText(validCard(h.connector.requests[0]));
    expect(text).toContain('@mention LLMOps Bot');
  });

  it('does not welcome when only people were added', async () => {
    const a = h.activities({
      team: { id: '19:quiet-team@thread.tacv2', name: 'Q', aadGroupId: 'g' },
    });
    expect((await h.send(a.membersAdded('channel', false))).status).toBe(200);
    expect(h.connector.requests).toHaveLength(0);
  });
});

describe('conversation records', () => {
  it('captures personal, group chat and channel conversations with their Teams ids', async () => {
    const post = h.a.channel('help');
    await h.send(h.a.personal('help'));
    await h.send(h.a.groupChat('help'));
    await h.send(post);
    const byId = new Map((await h.conversations()).map((c) => [c.conversationId, c]));
    const personal = byId.get(h.a.world.personalId);
    expect(personal).toMatchObject({
      conversationType: 'personal',
      serviceUrl: h.connector.serviceUrl,
      tenantId: h.a.world.tenantId,
      botId: h.a.world.bot.id,
      active: true,
    });
    expect(byId.get(h.a.world.groupChatId)?.conversationType).toBe('groupChat');
    expect(byId.get(`${h.a.world.channel.id};messageid=${String(post.id)}`)).toMatchObject({
      conversationType: 'channel',
      teamId: h.a.world.team.id,
      teamsChannelId: h.a.world.channel.id,
    });
  });
});

describe('bad input', () => {
  const json = { 'content-type': 'application/json' };

  it('rejects malformed bodies with 400 and a reason', async () => {
    const cases: [string, string][] = [
      ['{"type": "message",', 'JSON'],
      ['[{"type":"message"}]', 'activity object'],
      ['{"text":"hi"}', 'type'],
      ['{"type":""}', 'type'],
      ['"message"', ''],
      ['{"type":"message","text":"help"}', 'conversation.id'],
      ['{"type":"message","conversation":{"id":""}}', 'conversation.id'],
    ];
    for (const [body, reason] of cases) {
      const res = await h.request('POST', '/api/messages', body, json);
      expect(res.status, body).toBe(400);
      expect(reasonOf(res.body), body).toContain(reason);
      expect(reasonOf(res.body), body).not.toBe('');
    }
  });

  it('rejects a body over 256 KB with 413', async () => {
    const big = JSON.stringify({ ...h.a.personal('help'), text: 'x'.repeat(300 * 1024) });
    const res = await h.request('POST', '/api/messages', big, json);
    expect(res.status).toBe(413);
    expect(reasonOf(res.body)).not.toBe('');
  });

  it('answers 404 for an unknown route and 405 for GET /api/messages', async () => {
    expect((await h.request('GET', '/api/nothing')).status).toBe(404);
    expect((await h.request('POST', '/api/other', '{}', json)).status).toBe(404);
    expect((await h.request('GET', '/api/messages')).status).toBe(405);
  });

  it('serves /healthz and /readyz', async () => {
    const health = await h.request('GET', '/healthz');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok' });
    const ready = await h.request('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready' });
  });

  it('is still up and answering after all the bad input', async () => {
    await h.request('POST', '/api/messages', '{{{{', json);
    await h.request('POST', '/api/messages', 'x'.repeat(400 * 1024), json);
    await h.request('POST', '/api/messages', 'null', json);
    await h.request('POST', '/api/messages', '{"type":"message","text":"help"}', json);
    const res = await h.send(h.a.personal('help'));
    expect(res.status).toBe(200);
    const [reply] = await h.connector.waitFor(1);
    expect(cardText(validCard(reply))).toContain('LLMOps Bot commands');
    // Bad input is the caller's problem: nothing at error level or above.
    expect(h.logs.filter((l) => l.level >= 50)).toEqual([]);
  });
});
