import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AnyCommand } from '../dialogs/command';
import { buildLocalization, FRENCH_LANGUAGE, type LocalizationJson } from './build-localization';
import { buildManifest, commandListsFor, type AppManifestJson } from './build-manifest';
import { MANIFEST_FR } from './manifest-fr';
import { writeZip } from '../platform/zip/write-zip';

/** The icon files the template names; they sit next to manifest.json. */
export const ICON_FILES = ['color.png', 'outline.png'] as const;

/**
 * Finds the repository's manifest/ folder by walking up from this file, so the CLI works
 * from src/ (tests) and from dist/src/ (the built bin) alike.
 */
export function findManifestDir(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    const candidate = path.join(dir, 'manifest', 'manifest.json');
    if (existsSync(candidate)) return path.dirname(candidate);
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`manifest/manifest.json not found above ${start}`);
    dir = parent;
  }
}

export function readTemplate(manifestDir: string): AppManifestJson {
  return JSON.parse(
    readFileSync(path.join(manifestDir, 'manifest.json'), 'utf8'),
  ) as AppManifestJson;
}

export interface PackageResult {
  outFile: string;
  manifest: AppManifestJson;
  /** The French language file (fr.json) the manifest's localizationInfo names. */
  french: LocalizationJson;
  bytes: number;
}

/**
 * Builds the manifest and writes the flat app package (manifest.json, fr.json and the icons at
 * the root, in that order). Byte-for-byte reproducible: the same template, icons and bot id give the same
 * file whatever the icons' checkout times or modes (see writeZip).
 */
export async function writeAppPackage(opts: {
  manifestDir: string;
  outFile: string;
  commands: readonly AnyCommand[];
  botId: string;
  /** Hosts whose links unfurl (src/config loadUnfurlDomains); none drops the link handler. */
  unfurlDomains?: readonly string[];
}): Promise<PackageResult> {
  const manifest = buildManifest(
    readTemplate(opts.manifestDir),
    opts.commands,
    opts.botId,
    opts.unfurlDomains,
  );
  const french = buildLocalization(manifest, MANIFEST_FR);
  const json = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`);
  const bytes = await writeZip(
    opts.outFile,
    [
      { name: 'manifest.json', data: json(manifest) },
      { name: FRENCH_LANGUAGE.file, data: json(french) },
      ...ICON_FILES.map((name) => ({
        name,
        data: readFileSync(path.join(opts.manifestDir, name)),
      })),
    ],
    { compressionLevel: 9 },
  );
  return { outFile: opts.outFile, manifest, french, bytes };
}

/**
 * Rewrites the template's commandLists from the registry, so a new command is one CLI run
 * away from the committed manifest (a unit test fails until they agree).
 */
export function syncTemplateCommands(manifestDir: string, commands: readonly AnyCommand[]): void {
  const file = path.join(manifestDir, 'manifest.json');
  const template = readTemplate(manifestDir);
  const bot = template.bots?.[0];
  if (!bot) throw new Error('manifest/manifest.json declares no bot');
  bot.commandLists = commandListsFor(commands, bot.scopes);
  writeFileSync(file, `${JSON.stringify(template, null, 2)}\n`);
}
