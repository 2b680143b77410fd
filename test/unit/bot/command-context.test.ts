import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commandContext } from '../../../src/bot/command-context';
import type { DialogServices } from '../../../src/dialogs/dialog-services';
import { createLogger } from '../../../src/platform/logging/logger';
import { AuditRepository } from '../../../src/platform/store/audit-repository';
import type { ConversationRecord } from '../../../src/platform/store/conversation-repository';
import { openTestStore, type TestStore } from '../../support/test-store';

const ADMIN = '22222222-2222-2222-2222-2222222222aa';

const conversation = (o: Partial<ConversationRecord> = {}): ConversationRecord => ({
  conversationId: 'a:personal',
  serviceUrl: 'https://smba.example.test/',
  channelId: 'msteams',
  tenantId: 't',
  teamId: undefined,
  teamsChannelId: undefined,
  conversationType: 'personal',
  botId: 'bot',
  botName: 'LLMOps Bot',
  locale: 'en-US',
  languageOverride: undefined,
  active: true,
  inactiveReason: undefined,
  welcomedAt: undefined,
  createdAt: 0,
  updatedAt: 0,
  ...o,
});

describe('commandContext', () => {
  let t: TestStore;
  let audit: AuditRepository;
  let deps: Parameters<typeof commandContext>[0];
  beforeEach(async () => {
    t = await openTestStore('sqlite');
    audit = new AuditRepository(t.store);
    // Only what the context reads.
    const services = { admins: { aadObjectIds: [ADMIN], groupIds: [] }, audit } as unknown;
    deps = { services: services as DialogServices, commands: [], now: () => 42 };
  });
  afterEach(() => t.dispose());
  const log = createLogger('silent');

  it("speaks the turn's locale, else the conversation's, and an override beats both", () => {
    const ona = { id: 'u1', aadObjectId: ADMIN, name: 'Ona' };
    expect(commandContext(deps, ona, conversation(), log, { locale: 'fr-FR' }).lang).toBe('fr');
    expect(commandContext(deps, ona, conversation({ locale: 'fr-CA' }), log).lang).toBe('fr');
    const pinned = conversation({ languageOverride: 'en' });
    const ctx = commandContext(deps, ona, pinned, log, { locale: 'fr-FR' });
    expect(ctx.lang).toBe('en');
    const fr = commandContext(deps, ona, conversation(), log, { locale: 'fr-FR' });
    const said = (c: typeof ctx) => c.t('operation.cannotShow', { kind: 'x' });
    expect(said(ctx)).toContain('x');
    expect(said(ctx)).not.toBe(said(fr));
    expect(said(ctx)).toBe(said(commandContext(deps, ona, conversation(), log)));
  });

  it('knows a listed admin by object id only, and audits under the actor key', async () => {
    const admin = commandContext(
      deps,
      { id: 'u1', aadObjectId: ADMIN, name: 'Ona' },
      conversation(),
      log,
    );
    const other = commandContext(
      deps,
      { id: 'u2', aadObjectId: undefined, name: 'Dev' },
      conversation(),
      log,
    );
    expect(admin.isAdmin).toBe(true);
    expect(other.isAdmin).toBe(false);
    expect(admin.now()).toBe(42);
    await admin.audit({ action: 'deploy', plan: 'p', result: 'ok', detail: undefined });
    const [entry] = await audit.latest(1);
    expect(entry).toMatchObject({
      actorId: admin.actor.key,
      actorName: 'Ona',
      conversationId: 'a:personal',
      action: 'deploy',
      result: 'ok',
    });
  });
});
