import { describe, expect, it } from 'vitest';
import { activityProblem, cardActionOf } from '../../../src/bot/activity-shape';

const ok = {
  type: 'message',
  id: '1700000000001',
  serviceUrl: 'http://127.0.0.1:1/',
  conversation: { id: 'a:1chat', conversationType: 'personal' },
  from: { id: '29:user', name: 'Ona' },
  recipient: { id: '28:bot' },
  teamsAddsThis: { anything: [1, 2] },
};

describe('activityProblem', () => {
  it('accepts a well-formed activity with extra fields', () => {
    expect(activityProblem(ok)).toBeUndefined();
  });

  it.each([
    [{ ...ok, id: 5 }, '"id" must be a string'],
    [{ ...ok, from: { id: {} } }, '"from.id" must be a string'],
    [{ ...ok, from: undefined }, '"from" is missing'],
    [{ ...ok, recipient: { name: 'x' } }, '"recipient.id" is missing'],
    [{ ...ok, conversation: { id: 7 } }, '"conversation.id" must be a string'],
    [
      { ...ok, conversation: { id: 'c', isGroup: 'yes' } },
      '"conversation.isGroup" must be a boolean',
    ],
    [{ ...ok, serviceUrl: 'ftp://x' }, '"serviceUrl" must be an http(s) URL'],
    [{ ...ok, serviceUrl: 'not a url' }, '"serviceUrl" must be an http(s) URL'],
    [{ ...ok, serviceUrl: undefined }, '"serviceUrl" is missing'],
    [{ ...ok, entities: [{ type: 'x' }, 4] }, '"entities[1]" must be an object'],
    [{ ...ok, entities: {} }, '"entities" must be an array'],
    [{ ...ok, channelData: { tenant: { id: 3 } } }, '"channelData.tenant.id" must be a string'],
    [{ ...ok, channelData: [] }, '"channelData" must be an object'],
    [{ ...ok, membersAdded: [{ id: null }] }, '"membersAdded[0].id" must be a string'],
    [{ ...ok, timestamp: 'yesterday' }, '"timestamp" must be an ISO date'],
    [{ ...ok, locale: null }, '"locale" must be a string'],
    [{ ...ok, replyToId: 12 }, '"replyToId" must be a string'],
  ])('names the field: %j', (activity, reason) => {
    expect(activityProblem(activity)).toContain(reason);
  });
});

describe('cardActionOf', () => {
  it('reads verb and data', () => {
    expect(
      cardActionOf({ action: { type: 'Action.Execute', verb: 'run', data: { a: 1 } } }),
    ).toEqual({ ok: true, verb: 'run', data: { a: 1 } });
    expect(cardActionOf({ action: { verb: 'run' } })).toEqual({ ok: true, verb: 'run', data: {} });
  });

  it.each([
    [undefined, '"value" is missing'],
    ['junk', '"value" must be an object'],
    [{}, '"action" is missing'],
    [{ action: 3 }, '"action" must be an object'],
    [{ action: { verb: 3 } }, '"action.verb" must be a string'],
    [{ action: { verb: 'a', data: [] } }, '"action.data" must be an object'],
    [{ action: { verb: 'a', data: 'x' } }, '"action.data" must be an object'],
    [{ action: { verb: '' } }, 'no verb'],
    [{ action: { verb: 'x', type: 'Action.Submit' } }, 'Only Action.Execute'],
  ])('refuses %j', (value, reason) => {
    const read = cardActionOf(value);
    expect(read.ok).toBe(false);
    expect(read.ok ? '' : read.reason).toContain(reason);
  });
});

describe('activityProblem: what the fuzz test found', () => {
  it.each([
    [{ ...ok, conversation: { id: 'a:1\u0000chat' } }, '"conversation.id" must be printable ASCII'],
    [{ ...ok, conversation: { id: 'a:1💥' } }, '"conversation.id" must be printable ASCII'],
    [{ ...ok, recipient: { id: '' } }, '"recipient.id" must not be empty'],
    [{ ...ok, from: { id: '' } }, '"from.id" must not be empty'],
    [
      { ...ok, entities: [{ type: 'Mention', text: '<at>x</at>' }] },
      '"entities[0].mentioned" is missing',
    ],
  ])('refuses %j', (activity, reason) => {
    expect(activityProblem(activity)).toContain(reason);
  });

  it('accepts a member with an empty id (only the sender and the bot need one)', () => {
    expect(activityProblem({ ...ok, membersAdded: [{ id: '', aadObjectId: '' }] })).toBeUndefined();
  });
});
