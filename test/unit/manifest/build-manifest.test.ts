import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AppManifestUtils } from '@microsoft/app-manifest';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { commands } from '../../../src/bot/commands';
import { SEARCH_COMMAND_ID } from '../../../src/bot/compose-extension';
import type { AnyCommand } from '../../../src/dialogs/command';
import { commandArgs } from '../../../src/dialogs/command-args';
import {
  BOT_ID_PLACEHOLDER,
  buildManifest,
  commandListsFor,
  ManifestError,
  MANIFEST_LIMITS,
  type AppManifestJson,
} from '../../../src/manifest/build-manifest';
import { readTemplate } from '../../../src/manifest/write-package';

const manifestDir = path.resolve(__dirname, '../../../manifest');
const template = readTemplate(manifestDir);
const BOT_ID = '5f0f2a44-7c1e-4d0b-9a55-1d2b3c4d5e6f';

type Validate = Parameters<typeof AppManifestUtils.validateAgainstSchema>;

/** Validates against the schema bundled in @microsoft/app-manifest, never the network. */
const validate = (manifest: AppManifestJson, schema?: object): Promise<string[]> =>
  AppManifestUtils.validateAgainstSchema(
    manifest as unknown as Validate[0],
    schema as Validate[1] | undefined,
  );

function bundledSchema(version: string): object {
  const pkg = require.resolve('@microsoft/app-manifest/package.json');
  const file = path.join(
    path.dirname(pkg),
    'build/json-schemas/teams',
    `v${version}`,
    'MicrosoftTeams.schema.json',
  );
  return JSON.parse(readFileSync(file, 'utf8')) as object;
}

const fakeCommand = (id: string, description = `Does ${id}.`): AnyCommand => ({
  args: commandArgs(),
  id,
  description,
  usage: id,
  group: 'Bot',
  examples: [id],
  mutating: false,
  handle: () => Promise.resolve({ kind: 'none' }),
});

// Schema validation must never reach the network: fetch fails loudly in every test here.
beforeEach(() => {
  vi.stubGlobal('fetch', () => {
    throw new Error('network access attempted during manifest validation');
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('manifest', () => {
  it('validates offline against the bundled schema named by its $schema', async () => {
    const manifest = buildManifest(template, commands, BOT_ID);
    expect(String(manifest.$schema)).toMatch(
      /^https:\/\/developer\.microsoft\.com\/json-schemas\/teams\/v1\.\d+\/MicrosoftTeams\.schema\.json$/,
    );
    expect(await validate(manifest)).toEqual([]);
  });

  it('also validates against the newest bundled schema (v1.30)', async () => {
    const manifest: AppManifestJson = {
      ...buildManifest(template, commands, BOT_ID),
      manifestVersion: '1.30',
    };
    delete manifest.$schema;
    expect(await validate(manifest, bundledSchema('1.30'))).toEqual([]);
  });

  it('the validator is not vacuous: a bad accent colour and a missing URL are reported', async () => {
    const manifest = buildManifest(template, commands, BOT_ID);
    manifest.accentColor = 'blue';
    delete (manifest.developer as Record<string, unknown>).privacyUrl;
    const errors = await validate(manifest);
    expect(errors.join('\n')).toMatch(/accentColor/);
    expect(errors.join('\n')).toMatch(/privacyUrl/);
  });

  it('has the fields Teams needs: https developer URLs, three bot scopes, the placeholder', () => {
    const developer = template.developer as Record<string, string>;
    for (const key of ['websiteUrl', 'privacyUrl', 'termsOfUseUrl']) {
      expect(developer[key]).toMatch(/^https:\/\//);
    }
    expect(template.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(template.accentColor).toMatch(/^#[0-9a-fA-F]{6}$/);
    expect(template.bots?.[0]?.scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(template.bots?.[0]?.botId).toBe(BOT_ID_PLACEHOLDER);
  });

  it('puts the bot id into the bot entry and leaves the template untouched', () => {
    const manifest = buildManifest(template, commands, BOT_ID);
    expect(manifest.bots?.[0]?.botId).toBe(BOT_ID);
    expect(JSON.stringify(manifest)).not.toContain(BOT_ID_PLACEHOLDER);
    expect(template.bots?.[0]?.botId).toBe(BOT_ID_PLACEHOLDER);
  });

  it('rejects a bot id that is not a GUID', () => {
    expect(() => buildManifest(template, commands, 'my-bot')).toThrow(ManifestError);
  });
});

describe('manifest command menu', () => {
  it('lists exactly the registry menu commands, in registry order, for every scope', () => {
    const menu = commands.filter((c) => c.menu !== false);
    const lists = buildManifest(template, commands, BOT_ID).bots?.[0]?.commandLists ?? [];
    const allScopes = lists.flatMap((l) => l.scopes).sort();
    expect(allScopes).toEqual(['groupChat', 'personal', 'team']);
    for (const list of lists) {
      expect(list.commands.map((c) => c.title)).toEqual(menu.map((c) => c.id));
      expect(list.commands.map((c) => c.description)).toEqual(
        menu.map((c) =>
          c.description.length <= MANIFEST_LIMITS.description
            ? c.description
            : `${c.description.slice(0, MANIFEST_LIMITS.description - 1)}…`,
        ),
      );
    }
  });

  it('the committed manifest/manifest.json agrees with the registry', () => {
    // If this fails after adding a command: `npm run build && node bin/llmops-bot.js manifest
    // --sync-template && npx prettier --write manifest/manifest.json`.
    const bot = template.bots?.[0];
    expect(bot?.commandLists).toEqual(commandListsFor(commands, bot?.scopes ?? []));
  });

  it('truncates long descriptions to 128 characters', () => {
    const [list] = commandListsFor([fakeCommand('long', 'x'.repeat(300))], ['personal']);
    const description = list?.commands[0]?.description ?? '';
    expect(description).toHaveLength(128);
    expect(description.endsWith('…')).toBe(true);
  });

  it('leaves out commands marked menu: false', () => {
    const [list] = commandListsFor(
      [fakeCommand('a'), { ...fakeCommand('b'), menu: false }],
      ['personal'],
    );
    expect(list?.commands.map((c) => c.title)).toEqual(['a']);
  });

  it('refuses more than 10 commands and titles longer than 32 characters', () => {
    const eleven = Array.from({ length: 11 }, (_, i) => fakeCommand(`c${i}`));
    expect(() => commandListsFor(eleven, ['personal'])).toThrow(/at most 10/);
    expect(() => commandListsFor([fakeCommand('x'.repeat(33))], ['personal'])).toThrow(
      /longer than 32/,
    );
  });
});

describe('manifest message extension', () => {
  const DOMAINS = ['mlflow.contoso.com', 'adb-1.11.azuredatabricks.net', '*.azuredatabricks.net'];

  it('declares the bot, the search command the bot answers and the link handler with the domains', async () => {
    const manifest = buildManifest(template, commands, BOT_ID, DOMAINS);
    const [extension, ...others] = manifest.composeExtensions ?? [];
    expect(others).toEqual([]);
    expect(extension?.botId).toBe(BOT_ID);
    expect(extension?.commands?.map((c) => [c.id, c.type])).toEqual([[SEARCH_COMMAND_ID, 'query']]);
    expect(extension?.messageHandlers).toEqual([
      { type: 'link', value: { domains: DOMAINS, supportsAnonymizedPayloads: true } },
    ]);
    expect(await validate(manifest)).toEqual([]);
    expect(template.composeExtensions?.[0]?.messageHandlers?.[0]?.value.domains).toEqual([]);
  });

  it('drops the link handler when no domain is known, keeping the search command', async () => {
    const manifest = buildManifest(template, commands, BOT_ID);
    const extension = manifest.composeExtensions?.[0];
    expect(extension?.messageHandlers).toBeUndefined();
    expect(extension?.commands).toHaveLength(1);
    expect(await validate(manifest)).toEqual([]);
  });
});
