import { describe, expect, it } from 'vitest';
import { certainlyWellFormed } from '../../../src/bot/activity-shape-fast';
import { activityProblem, schemaProblem } from '../../../src/bot/activity-shape';
import { ActivityFuzzer, xorshift } from '../../support/activity-fuzz';
import { teamsActivities, teamsWorld } from '../../support/teams-activities';

/*
 * The plain check may only clear what the schema accepts: otherwise a malformed activity would
 * run a turn. Held to the schema on the edge fuzzer's mutated activities and on hand-picked
 * near misses; it must also clear real activities, or it saves nothing.
 */
const CONNECTOR = 'http://127.0.0.1:1/';
const a = teamsActivities(teamsWorld(CONNECTOR));

describe('certainlyWellFormed', () => {
  it('clears only what the schema accepts, on 10,000 fuzzed activities', () => {
    const fuzzer = new ActivityFuzzer(xorshift(9_001), a, {
      connector: CONNECTOR,
      junkLoopback: ['http://127.0.0.1:2/', 'https://127.0.0.1:3/x'],
    });
    let cleared = 0;
    let accepted = 0;
    const differ: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      const body = JSON.parse(JSON.stringify(fuzzer.next())) as unknown;
      const problem = schemaProblem(body);
      if (problem === undefined) accepted++;
      if (certainlyWellFormed(body)) cleared++;
      if (activityProblem(body) !== problem) differ.push(JSON.stringify(body).slice(0, 500));
    }
    expect(differ).toEqual([]);
    // Most accepted activities take the fast path (the rest only differ in speed).
    expect(cleared).toBeGreaterThan(accepted * 0.9);
  });

  it.each([
    ['a personal message', a.personal('help')],
    ['a group chat mention', a.groupChat('status')],
    ['a channel message', a.channel('whoami')],
    ['a card action', a.invokeAction('run', { command: 'help' })],
    ['a bot install', a.installationAdd('channel')],
  ])('clears %s', (_name, activity) => {
    expect(certainlyWellFormed(JSON.parse(JSON.stringify(activity)))).toBe(true);
  });

  const ok = JSON.parse(JSON.stringify(a.groupChat('help'))) as Record<string, unknown>;
  it.each([
    ['a null locale', { ...ok, locale: null }],
    ['an empty type', { ...ok, type: '' }],
    ['an ftp serviceUrl', { ...ok, serviceUrl: 'ftp://127.0.0.1/' }],
    ['a serviceUrl without a host', { ...ok, serviceUrl: 'http://' }],
    ['a bad timestamp', { ...ok, timestamp: '2024-13-45T99:99:99Z' }],
    ['a control character in the conversation id', { ...ok, conversation: { id: 'a\u0000' } }],
    ['an empty sender id', { ...ok, from: { id: '' } }],
    ['a mention without mentioned', { ...ok, entities: [{ type: 'MENTION' }] }],
    ['a string isGroup', { ...ok, conversation: { id: 'c', isGroup: 'yes' } }],
    ['channelData as an array', { ...ok, channelData: [] }],
    ['a member id of null', { ...ok, membersAdded: [{ id: null }] }],
    ['an attachment of 4', { ...ok, attachments: [4] }],
  ])('leaves %s to the schema, which refuses it', (_name, activity) => {
    expect(certainlyWellFormed(activity)).toBe(false);
    expect(schemaProblem(activity)).toBeDefined();
  });
});
