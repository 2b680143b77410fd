import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AppManifestUtils } from '@microsoft/app-manifest';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { commands } from '../../../src/bot/commands';
import type { AnyCommand } from '../../../src/dialogs/command';
import {
  buildLocalization,
  FRENCH_LANGUAGE,
  LOCALIZATION_SCHEMA_URL,
  type LocalizationJson,
} from '../../../src/manifest/build-localization';
import { buildManifest, ManifestError } from '../../../src/manifest/build-manifest';
import { MANIFEST_FR } from '../../../src/manifest/manifest-fr';
import { readTemplate } from '../../../src/manifest/write-package';

const template = readTemplate(path.resolve(__dirname, '../../../manifest'));
const BOT_ID = '5f0f2a44-7c1e-4d0b-9a55-1d2b3c4d5e6f';
const manifest = buildManifest(template, commands, BOT_ID);

type Validate = Parameters<typeof AppManifestUtils.validateAgainstSchema>;

/**
 * The localization schema bundled in @microsoft/app-manifest at the version $schema names. Two of
 * its patterns (activities.activityTypes, which this app does not use) leave a `]` unescaped,
 * which Ajv's unicode regular expressions reject; escaping it keeps their meaning and lets the
 * rest of the schema validate.
 */
function localizationSchema(): object {
  const version = /\/teams\/(v[\d.]+)\//.exec(LOCALIZATION_SCHEMA_URL)?.[1] ?? '';
  const dir = path.dirname(require.resolve('@microsoft/app-manifest/package.json'));
  const file = path.join(
    dir,
    'build/json-schemas/teams',
    version,
    'MicrosoftTeams.Localization.schema.json',
  );
  const schema = JSON.parse(readFileSync(file, 'utf8')) as {
    patternProperties: Record<string, unknown>;
  };
  schema.patternProperties = Object.fromEntries(
    Object.entries(schema.patternProperties).map(([key, value]) => [
      key.replaceAll('\\b]', '\\b\\]'),
      value,
    ]),
  );
  return schema;
}

const validate = (file: LocalizationJson): Promise<string[]> =>
  AppManifestUtils.validateAgainstSchema(
    file as unknown as Validate[0],
    localizationSchema() as Validate[1],
  );

// Schema validation must never reach the network.
beforeEach(() => {
  vi.stubGlobal('fetch', () => {
    throw new Error('network access attempted during localization validation');
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('French manifest localization', () => {
  it('is declared by the manifest and validates offline against the bundled schema', async () => {
    expect(manifest.localizationInfo).toEqual({
      defaultLanguageTag: 'en-us',
      additionalLanguages: [FRENCH_LANGUAGE],
    });
    expect(
      String(manifest.$schema).replace(
        'MicrosoftTeams.schema',
        'MicrosoftTeams.Localization.schema',
      ),
    ).toBe(LOCALIZATION_SCHEMA_URL);
    expect(await validate(buildLocalization(manifest, MANIFEST_FR))).toEqual([]);
  });

  it('the validator is not vacuous: an unknown key and a missing description are reported', async () => {
    const file = buildLocalization(manifest, MANIFEST_FR);
    file['bots[0].nonsense'] = 'x';
    delete file['description.full'];
    const errors = (await validate(file)).join('\n');
    expect(errors).toMatch(/additional/i);
    expect(errors).toMatch(/description\.full/);
  });

  it('has a French entry for every command of the main menu, and nothing extra', () => {
    const file = buildLocalization(manifest, MANIFEST_FR);
    const menu = manifest.bots?.[0]?.commandLists ?? [];
    const expected = menu.flatMap((list, i) =>
      list.commands.flatMap((c, j) => [
        [`bots[0].commandLists[${i}].commands[${j}].title`, c.title],
        [`bots[0].commandLists[${i}].commands[${j}].description`, MANIFEST_FR.commands[c.title]],
      ]),
    );
    const botKeys = Object.entries(file).filter(([key]) => key.startsWith('bots['));
    expect(botKeys).toEqual(expected);
    const menuIds = menu.flatMap((l) => l.commands.map((c) => c.title)).sort();
    expect(Object.keys(MANIFEST_FR.commands).sort()).toEqual(menuIds);
    // French, not a copy of the English descriptions
    for (const list of menu) {
      for (const c of list.commands) expect(MANIFEST_FR.commands[c.title]).not.toBe(c.description);
    }
  });

  it('localizes the name, the descriptions and the run search of the message extension', () => {
    const file = buildLocalization(manifest, MANIFEST_FR);
    expect(file['name.full']).toBe('LLMOps Bot pour Azure Databricks et Azure OpenAI');
    expect(file['description.full']).toContain('dérive des données');
    expect(file['composeExtensions[0].commands[0].title']).toBe('Exécutions MLflow');
    expect(file['composeExtensions[0].commands[0].parameters[0].title']).toBe(
      'Expérience ou filtre',
    );
  });

  it('refuses a menu command without a French description', () => {
    const extra: AnyCommand = { ...commands[0]!, id: 'brandnew' };
    const withExtra = buildManifest(template, [...commands.slice(0, 9), extra], BOT_ID);
    expect(() => buildLocalization(withExtra, MANIFEST_FR)).toThrow(ManifestError);
    expect(() => buildLocalization(withExtra, MANIFEST_FR)).toThrow(/brandnew/);
  });
});
