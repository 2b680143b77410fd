import type { AnyCommand } from '../dialogs/command';

/** The manifest as plain JSON; only the fields this module touches are typed. */
export interface AppManifestJson {
  [key: string]: unknown;
  bots?: ManifestBot[];
  composeExtensions?: ManifestComposeExtension[];
}

/** The message extension: the run search command and the link unfurling handler. */
export interface ManifestComposeExtension {
  [key: string]: unknown;
  botId: string;
  commands?: { id: string; [key: string]: unknown }[];
  messageHandlers?: { type: 'link'; value: { domains: string[]; [key: string]: unknown } }[];
}

export interface ManifestBot {
  [key: string]: unknown;
  botId: string;
  scopes: string[];
  commandLists?: ManifestCommandList[];
}

export interface ManifestCommandList {
  scopes: string[];
  commands: { title: string; description: string }[];
}

/** The placeholder in manifest/manifest.json that becomes the bot's MicrosoftAppId. */
export const BOT_ID_PLACEHOLDER = '{{MicrosoftAppId}}';

/**
 * Limits that hold on every manifest schema version (v1.24 raised commands to 12 and
 * descriptions to 4000; staying under the old limits keeps older clients and tools happy).
 */
export const MANIFEST_LIMITS = { commands: 10, title: 32, description: 128 } as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Raised when the template or the registry cannot produce a valid manifest. */
export class ManifestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestError';
  }
}

function truncate(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}

/**
 * The command menu generated from the registry: one list for all the bot's scopes, in registry
 * order, title = command id. Teams shows it as the bot's command menu, so it must match help.
 */
export function commandListsFor(
  registry: readonly AnyCommand[],
  scopes: readonly string[],
): ManifestCommandList[] {
  const commands = registry.filter((c) => c.menu !== false);
  if (commands.length > MANIFEST_LIMITS.commands) {
    throw new ManifestError(
      `The registry puts ${commands.length} commands in the menu; a manifest command list holds at most ${MANIFEST_LIMITS.commands}. Set \`menu: false\` on the least used.`,
    );
  }
  const tooLong = commands.find((c) => c.id.length > MANIFEST_LIMITS.title);
  if (tooLong) {
    throw new ManifestError(
      `Command id "${tooLong.id}" is longer than ${MANIFEST_LIMITS.title} characters.`,
    );
  }
  return [
    {
      scopes: [...scopes],
      commands: commands.map((c) => ({
        title: c.id,
        description: truncate(c.description, MANIFEST_LIMITS.description),
      })),
    },
  ];
}

/**
 * The link handler registers the hosts known when the package is built (src/config
 * loadUnfurlDomains). With none, the handler is dropped: Teams would never invoke it, and the
 * search command still works.
 */
function setUnfurlDomains(manifest: AppManifestJson, domains: readonly string[]): void {
  for (const extension of manifest.composeExtensions ?? []) {
    const handlers = (extension.messageHandlers ?? []).filter((h) => h.type === 'link');
    for (const handler of handlers) handler.value.domains = [...domains];
    if (domains.length === 0) delete extension.messageHandlers;
  }
}

/**
 * Pure: template + registry + app id → the manifest that goes into the app package. The
 * placeholder is replaced everywhere it appears, and the command menu is regenerated from the
 * registry so the package can never disagree with `help`. `unfurlDomains` are the hosts whose
 * links the message extension unfurls.
 */
export function buildManifest(
  template: Readonly<AppManifestJson>,
  commands: readonly AnyCommand[],
  botId: string,
  unfurlDomains: readonly string[] = [],
): AppManifestJson {
  if (!GUID.test(botId)) {
    throw new ManifestError(`The bot id must be a GUID (the MicrosoftAppId); got "${botId}".`);
  }
  const manifest = JSON.parse(
    JSON.stringify(template).replaceAll(BOT_ID_PLACEHOLDER, botId),
  ) as AppManifestJson;
  const bots = manifest.bots;
  if (!Array.isArray(bots) || bots.length !== 1 || !bots[0]) {
    throw new ManifestError('The manifest template must declare exactly one bot.');
  }
  const bot = bots[0];
  bot.commandLists = commandListsFor(commands, bot.scopes);
  setUnfurlDomains(manifest, unfurlDomains);
  return manifest;
}
