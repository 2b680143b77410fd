import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ConversationRepository,
  type ConversationCapture,
} from '../../../../src/platform/store/conversation-repository';
import { openDatabase, type Database } from '../../../../src/platform/store/database';

let dir: string;
let db: Database;
let clock: number;
let repo: ConversationRepository;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'conv-repo-test-'));
  db = openDatabase(dir);
  clock = 1_000;
  repo = new ConversationRepository(db, () => clock);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const channelCapture: ConversationCapture = {
  conversationId: '19:alerts@thread.tacv2',
  serviceUrl: 'https://smba.example/emea/',
  channelId: 'msteams',
  tenantId: 'tenant-1',
  teamId: '19:team@thread.tacv2',
  teamsChannelId: '19:alerts@thread.tacv2',
  conversationType: 'channel',
  botId: '28:bot',
  botName: 'LLMOps Bot',
  locale: 'en-US',
};

describe('ConversationRepository.capture', () => {
  it('inserts a new record and returns exactly what get() reads back', () => {
    const saved = repo.capture(channelCapture);
    expect(saved).toEqual({
      ...channelCapture,
      active: true,
      inactiveReason: undefined,
      welcomedAt: undefined,
      createdAt: 1_000,
      updatedAt: 1_000,
    });
    expect(repo.get(channelCapture.conversationId)).toEqual(saved);
  });

  it('refreshes an existing record: new serviceUrl, kept optional fields, reactivated', () => {
    repo.capture(channelCapture);
    repo.markInactive(channelCapture.conversationId, 'HTTP 403 on send');
    expect(repo.get(channelCapture.conversationId)?.active).toBe(false);

    clock = 2_000;
    const refreshed = repo.capture({
      ...channelCapture,
      serviceUrl: 'https://smba.example/amer/',
      tenantId: undefined,
      teamId: undefined,
      teamsChannelId: undefined,
      botName: undefined,
      locale: undefined,
    });
    expect(refreshed).toMatchObject({
      serviceUrl: 'https://smba.example/amer/',
      tenantId: 'tenant-1',
      teamId: '19:team@thread.tacv2',
      teamsChannelId: '19:alerts@thread.tacv2',
      botName: 'LLMOps Bot',
      locale: 'en-US',
      active: true,
      inactiveReason: undefined,
      createdAt: 1_000,
      updatedAt: 2_000,
    });
    expect(repo.get(channelCapture.conversationId)).toEqual(refreshed);
  });

  it('keeps each conversation apart when the same statements run with other parameters', () => {
    const personal: ConversationCapture = {
      ...channelCapture,
      conversationId: 'a:personal',
      conversationType: 'personal',
      teamId: undefined,
      teamsChannelId: undefined,
    };
    const first = clock + 1;
    for (let i = 0; i < 3; i++) {
      clock += 1;
      repo.capture(channelCapture);
      repo.capture(personal);
    }
    expect(repo.get('a:personal')).toMatchObject({
      conversationType: 'personal',
      teamId: undefined,
      updatedAt: first,
    });
    expect(repo.get(channelCapture.conversationId)?.conversationType).toBe('channel');
    expect(repo.get('a:unknown')).toBeUndefined();
    expect(repo.counts()).toEqual({ total: 2, inactive: 0 });

    repo.markInactive('a:personal', 'HTTP 404 on send');
    expect(repo.counts()).toEqual({ total: 2, inactive: 1 });
    expect(repo.list({ activeOnly: true }).map((c) => c.conversationId)).toEqual([
      channelCapture.conversationId,
    ]);
    expect(repo.list().map((c) => c.conversationId)).toHaveLength(2);
  });
});

describe('ConversationRepository.claimWelcome', () => {
  it('is true for the first caller only, and a later capture does not reset it', () => {
    repo.capture(channelCapture);
    expect(repo.claimWelcome(channelCapture.conversationId)).toBe(true);
    expect(repo.claimWelcome(channelCapture.conversationId)).toBe(false);
    clock = 5_000;
    expect(repo.capture(channelCapture).welcomedAt).toBe(1_000);
    expect(repo.claimWelcome(channelCapture.conversationId)).toBe(false);
    expect(repo.claimWelcome('a:never-captured')).toBe(false);
  });

  it('skips the write for an unchanged capture within 30 s, but not after a change or a local update', () => {
    const t0 = clock;
    repo.capture(channelCapture);
    clock += 10_000;
    repo.capture(channelCapture);
    expect(repo.get(channelCapture.conversationId)?.updatedAt).toBe(t0);
    clock += 1;
    repo.capture({ ...channelCapture, locale: 'fr-FR' });
    expect(repo.get(channelCapture.conversationId)).toMatchObject({
      locale: 'fr-FR',
      updatedAt: clock,
    });
    clock += 30_000;
    repo.capture({ ...channelCapture, locale: 'fr-FR' });
    expect(repo.get(channelCapture.conversationId)?.updatedAt).toBe(clock);
    // Marked inactive by a failed send: the next inbound turn must reactivate it at once.
    repo.markInactive(channelCapture.conversationId, 'HTTP 403 on send');
    clock += 1;
    expect(repo.capture({ ...channelCapture, locale: 'fr-FR' }).active).toBe(true);
    expect(repo.get(channelCapture.conversationId)?.active).toBe(true);
  });
});
