import { ManifestError, MANIFEST_LIMITS, type AppManifestJson } from './build-manifest';
import type { ManifestTexts } from './manifest-fr';

/** The language file the manifest's localizationInfo names; it sits next to manifest.json in the zip. */
export const FRENCH_LANGUAGE = { languageTag: 'fr', file: 'fr.json' } as const;

/** The Teams localization schema version matching the manifest's (bundled in @microsoft/app-manifest). */
export const LOCALIZATION_SCHEMA_URL =
  'https://developer.microsoft.com/json-schemas/teams/v1.24/MicrosoftTeams.Localization.schema.json';

/** A Teams language file: flat keys such as `bots[0].commandLists[0].commands[3].description`. */
export type LocalizationJson = Record<string, string>;

/**
 * Pure: built manifest + texts → the language file. Keys follow the built manifest's command
 * lists by position (that is how the localization schema addresses them), so the file always
 * matches the package it ships in. Titles stay the command words: Teams sends the title when a
 * menu entry is picked, and the router matches the word exactly.
 */
export function buildLocalization(
  manifest: AppManifestJson,
  texts: ManifestTexts,
): LocalizationJson {
  const file: LocalizationJson = {
    $schema: LOCALIZATION_SCHEMA_URL,
    'name.short': texts.nameShort,
    'name.full': texts.nameFull,
    'description.short': texts.descriptionShort,
    'description.full': texts.descriptionFull,
  };
  const lists = manifest.bots?.[0]?.commandLists ?? [];
  lists.forEach((list, i) => {
    list.commands.forEach((command, j) => {
      const description = texts.commands[command.title];
      if (description === undefined) {
        throw new ManifestError(
          `Command "${command.title}" has no French description; add it to src/manifest/manifest-fr.ts.`,
        );
      }
      if (description.length > MANIFEST_LIMITS.description) {
        throw new ManifestError(
          `The French description of "${command.title}" is longer than ${MANIFEST_LIMITS.description} characters.`,
        );
      }
      const key = `bots[0].commandLists[${i}].commands[${j}]`;
      file[`${key}.title`] = command.title;
      file[`${key}.description`] = description;
    });
  });
  manifest.composeExtensions?.[0]?.commands?.forEach((command, i) => {
    // Only the run search exists; another command would ship untranslated, so refuse it.
    if (command.id !== 'searchRuns') {
      throw new ManifestError(`Message extension command "${command.id}" has no French texts.`);
    }
    const key = `composeExtensions[0].commands[${i}]`;
    file[`${key}.title`] = texts.searchRuns.title;
    file[`${key}.description`] = texts.searchRuns.description;
    file[`${key}.parameters[0].title`] = texts.searchRuns.parameterTitle;
    file[`${key}.parameters[0].description`] = texts.searchRuns.parameterDescription;
  });
  return file;
}
