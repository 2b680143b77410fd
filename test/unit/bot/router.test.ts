import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TestAdapter } from 'botbuilder';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Router } from '../../../src/bot/router';
import { startTurnRecord } from '../../../src/bot/turn-record';
import type { TurnRecord } from '../../../src/platform/telemetry/telemetry';
import { defineCommand, type AnyCommand } from '../../../src/dialogs/command';
import { commandArgs, flag } from '../../../src/dialogs/command-args';
import { textReply } from '../../../src/chat/reply';
import type { DialogServices } from '../../../src/dialogs/dialog-services';
import type { AdminPolicy } from '../../../src/dialogs/permissions';
import { HealthService } from '../../../src/platform/health/health-service';
import { createLogger } from '../../../src/platform/logging/logger';
import { AuditRepository } from '../../../src/platform/store/audit-repository';
import {
  ConversationRepository,
  type ConversationRecord,
} from '../../../src/platform/store/conversation-repository';
import { openSqliteStore, type SqliteStore } from '../../../src/platform/store/sqlite-store';

const ADMIN = '22222222-2222-2222-2222-2222222222aa';
const OTHER = '22222222-2222-2222-2222-2222222222bb';

/** A mutating command for the test only, with one mutating and one open button. */
function nukeCommand(ran: string[]): AnyCommand {
  return defineCommand({
    id: 'nuke',
    description: 'Test-only mutating command.',
    usage: 'nuke <target> [--depth N]',
    examples: ['nuke lab'],
    mutating: true,
    group: 'Lab',
    args: commandArgs({ flags: { depth: flag.int(1, 3) }, words: { max: 1, what: 'one target' } }),
    handle(ctx, args) {
      ran.push(`${args.positional[0] ?? ''}${args.flags.depth ? `@${args.flags.depth}` : ''}`);
      return Promise.resolve(textReply(`nuked ${args.positional[0] ?? ''} for ${ctx.actor.name}`));
    },
    actions: {
      'nuke-confirm': {
        mutating: true,
        run: () => {
          ran.push('button');
          return Promise.resolve({ reply: textReply('confirmed') });
        },
      },
      'nuke-preview': {
        mutating: false,
        run: () => {
          ran.push('preview');
          return Promise.resolve({ reply: textReply('preview') });
        },
      },
    },
  });
}

/** A command that needs Azure, which the test services do not have. */
const labCommand = (ran: string[]): AnyCommand =>
  defineCommand({
    id: 'lab',
    description: 'Test-only command that needs Azure.',
    usage: 'lab',
    examples: ['lab'],
    mutating: false,
    group: 'Lab',
    args: commandArgs(),
    requires: ['azure'],
    handle(ctx) {
      ran.push(ctx.services.lab.names.resourceGroup);
      return Promise.resolve(textReply('lab'));
    },
  });

/** Fails or never answers, as its argument says: the turn outcomes `error` and `timeout`. */
const boomCommand: AnyCommand = defineCommand({
  id: 'boom',
  description: 'Test-only command that fails.',
  usage: 'boom <throw|hang>',
  examples: ['boom throw'],
  mutating: false,
  group: 'Bot',
  args: commandArgs({ words: { max: 1, what: 'one mode' } }),
  handle: (_ctx, args) =>
    args.positional[0] === 'hang'
      ? new Promise(() => undefined)
      : Promise.reject(new Error('boom')),
});

let dir: string;
let store: SqliteStore;
let ran: string[];

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'router-test-'));
  store = openSqliteStore(dir);
  ran = [];
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function setup(admins: AdminPolicy) {
  const audit = new AuditRepository(store);
  const conversations = new ConversationRepository(store);
  // Only what the router reads; the other services (outbox, LLM, ...) play no part here.
  const services = {
    info: {
      name: 'LLMOps Bot',
      version: '0.0.0-test',
      environmentName: 'test',
      authEnabled: false,
      adminsConfigured: admins.aadObjectIds.length > 0,
    },
    admins,
    conversations,
    audit,
    health: new HealthService([]),
  } as DialogServices;
  const log = createLogger('silent');
  const router = new Router({
    commands: [nukeCommand(ran), labCommand(ran), boomCommand],
    services,
    log,
    turnTimeoutMs: 1_000,
  });
  const records: TurnRecord[] = [];
  const record = (conversationId: string): Promise<ConversationRecord> =>
    conversations.capture({
      conversationId,
      serviceUrl: 'https://smba.example.test/',
      channelId: 'msteams',
      tenantId: 't',
      teamId: undefined,
      teamsChannelId: undefined,
      conversationType: 'personal',
      botId: 'bot',
      botName: 'LLMOps Bot',
      locale: undefined,
    });
  const adapter = new TestAdapter(async (turn) => {
    records.push(startTurnRecord(turn));
    const ctx = router.context(turn, await record(turn.activity.conversation.id), log);
    await router.onMessage(turn, ctx);
  });
  const say = async (text: string, aadObjectId: string | undefined, locale?: string) => {
    const from = { id: '29:user', name: 'Ona', ...(aadObjectId ? { aadObjectId } : {}) };
    await adapter.receiveActivity({ type: 'message', text, from, ...(locale ? { locale } : {}) });
    return adapter.activeQueue.splice(0).map((a) => a.text);
  };
  const actionContext = async (aadObjectId: string) =>
    router.contextFor(
      { id: '29:user', aadObjectId, name: 'Ona' },
      await record('conv-buttons'),
      log,
    );
  return { router, audit, say, actionContext, records };
}

describe('Router: declared arguments and requirements', () => {
  it('answers a bad argument with the syntax and does not run the command', async () => {
    const { say } = setup({ aadObjectIds: [ADMIN], groupIds: [] });
    const [unknown] = await say('nuke lab --force', ADMIN);
    expect(unknown).toContain('`--force` is not an option here. Its options: --depth.');
    // Bold with entities, not a code span: both Teams surfaces then show `<target>`.
    expect(unknown).toContain('Usage: **nuke &lt;target&gt; [--depth N]**, e.g. **nuke lab**.');
    const [range] = await say('nuke lab --depth 9', ADMIN);
    expect(range).toContain('`--depth` must be a whole number from 1 to 3.');
    const [extra] = await say('nuke lab now', ADMIN);
    expect(extra).toContain('"now" is not understood (it takes one target)');
    expect(ran).toEqual([]);
    expect(await say('nuke lab --depth 2', ADMIN)).toEqual(['nuked lab for Ona']);
    expect(ran).toEqual(['lab@2']);
  });

  it('says what to configure when a requirement is missing, without running the command', async () => {
    const { say } = setup({ aadObjectIds: [ADMIN], groupIds: [] });
    const [reply] = await say('lab', OTHER);
    expect(reply).toBe(
      'Azure is not configured: set AZURE_SUBSCRIPTION_ID (the subscription the lab goes in); the bot signs in to Azure with AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (a service principal) or with its managed identity, not with MicrosoftAppId. Then restart the bot; `status` shows each connection.',
    );
    expect(ran).toEqual([]);
  });

  it("checks a button's own permission: an open button of a mutating command runs for anyone", async () => {
    const { router, audit, actionContext } = setup({ aadObjectIds: [ADMIN], groupIds: [] });
    const open = await router.onAction(await actionContext(OTHER), { verb: 'nuke-preview' });
    expect(open.reply).toEqual(textReply('preview'));
    expect(ran).toEqual(['preview']);
    expect(await audit.latest()).toEqual([]);
  });
});

describe('Router permission check for mutating commands', () => {
  it('denies a user not in ADMIN_AAD_OBJECT_IDS, says why, and audits the denial', async () => {
    const { say, audit } = setup({ aadObjectIds: [ADMIN], groupIds: [] });
    const replies = await say('nuke lab', OTHER);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain('You may not run `nuke`.');
    expect(replies[0]).toContain('granted by the setting ADMIN_AAD_OBJECT_IDS');
    expect(ran).toEqual([]);
    const [row, ...more] = await audit.latest();
    expect(more).toEqual([]);
    expect(row).toMatchObject({
      actorId: OTHER,
      actorName: 'Ona',
      action: 'nuke',
      result: 'denied',
    });
    expect(row?.detail).toContain('ADMIN_AAD_OBJECT_IDS');
    expect(row?.conversationId).toBeDefined();
  });

  it('denies everyone while no admins are configured', async () => {
    const { say, audit } = setup({ aadObjectIds: [], groupIds: [] });
    const [reply] = await say('nuke lab', ADMIN);
    expect(reply).toContain('ADMIN_AAD_OBJECT_IDS is empty');
    expect(ran).toEqual([]);
    expect((await audit.latest())[0]?.result).toBe('denied');
  });

  it('denies a client that sends no Entra object id', async () => {
    const { say, audit } = setup({ aadObjectIds: [ADMIN], groupIds: [] });
    const [reply] = await say('nuke lab', undefined);
    expect(reply).toContain('did not send an Entra object id');
    expect((await audit.latest())[0]).toMatchObject({ actorId: '29:user', result: 'denied' });
  });

  it('runs the command for a permitted user (object id matched case-insensitively)', async () => {
    const { say, audit } = setup({ aadObjectIds: [ADMIN.toUpperCase()], groupIds: [] });
    const replies = await say('NUKE lab', ADMIN);
    expect(replies).toEqual(['nuked lab for Ona']);
    expect(ran).toEqual(['lab']);
    expect((await audit.latest()).filter((e) => e.result === 'denied')).toEqual([]);
  });

  it('applies the same rule to the command\'s card buttons and to the "run" verb', async () => {
    const { router, audit, actionContext } = setup({ aadObjectIds: [ADMIN], groupIds: [] });
    const denied = await router.onAction(await actionContext(OTHER), { verb: 'nuke-confirm' });
    expect(denied.reply).toMatchObject({ kind: 'text' });
    expect(JSON.stringify(denied.reply)).toContain(
      'You may not use this button (it needs the permission for `nuke`).',
    );
    expect((await audit.latest())[0]).toMatchObject({
      action: 'action:nuke-confirm',
      result: 'denied',
    });

    const viaRun = await router.onAction(await actionContext(OTHER), {
      verb: 'run',
      command: 'nuke',
    });
    expect(JSON.stringify(viaRun.reply)).toContain('You may not run `nuke`.');
    expect(ran).toEqual([]);

    const allowed = await router.onAction(await actionContext(ADMIN), { verb: 'nuke-confirm' });
    expect(allowed.reply).toEqual(textReply('confirmed'));
    expect(ran).toEqual(['button']);
    expect((await audit.latest()).filter((e) => e.result === 'denied')).toHaveLength(2);
  });

  it('refuses to register the same card verb twice', () => {
    const log = createLogger('silent');
    const services = {} as DialogServices;
    expect(
      () => new Router({ commands: [nukeCommand([]), nukeCommand([])], services, log }),
    ).toThrow(/registered twice/);
  });
});

describe('Router: refusals and errors in the turn language', () => {
  it('answers a French client in French: a refused change, a bad argument, a failed turn', async () => {
    const { say } = setup({ aadObjectIds: [ADMIN], groupIds: [] });
    const [denied] = await say('nuke lab', OTHER, 'fr-FR');
    expect(denied).toMatch(/^Vous n’êtes pas autorisé à lancer `nuke`\. Votre identifiant est /);
    expect(denied).toContain('demandez à un opérateur de l’ajouter et de redémarrer le bot');
    const [bad] = await say('boom throw now', ADMIN, 'fr-CA');
    expect(bad).toBe(
      'Trop de mots : « now » n’est pas compris (la commande prend one mode). Syntaxe : **boom &lt;throw|hang&gt;**, par ex. **boom throw**.',
    );
    const [failed] = await say('boom throw', ADMIN, 'fr-FR');
    expect(failed).toMatch(
      /^Une erreur s’est produite \(réf\. : [0-9a-f]{8}\)\. Un opérateur trouvera les détails dans le journal du bot sous cette référence\.$/,
    );
    const [english] = await say('boom throw', ADMIN, 'en-US');
    expect(english).toMatch(/^Something went wrong \(ref: [0-9a-f]{8}\)\./);
  });
});

describe('Router: what a turn is counted as (telemetry)', () => {
  it('names the command and the outcome: ok, denied, error, timeout; unknown and empty text', async () => {
    const { say, records } = setup({ aadObjectIds: [ADMIN], groupIds: [] });
    await say('nuke lab', ADMIN);
    await say('nuke lab', OTHER);
    await say('boom throw', ADMIN);
    await say('boom hang', ADMIN);
    await say('frobnicate the lab', ADMIN);
    await say('', ADMIN);
    expect(records).toEqual([
      { command: 'nuke', outcome: 'ok' },
      { command: 'nuke', outcome: 'denied' },
      { command: 'boom', outcome: 'error' },
      { command: 'boom', outcome: 'timeout' },
      { command: 'unknown', outcome: 'ok' },
      { command: 'empty', outcome: 'ok' },
    ]);
  });
});
