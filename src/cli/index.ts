import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { commands } from '../bot/commands';
import type { TokenCredential } from '@azure/core-auth';
import { newAzureCredential } from '../services/azure/azure-credential';
import { runAzureCommand } from './azure-command';
import { runDriftCommand } from './drift-command';
import { runDriftImport } from './drift-import-command';
import { runStoreCommand } from './store-command';
import { createLogger } from '../platform/logging/logger';
import { entraPassword, openStore } from '../platform/store/open-store';
import type { Store } from '../platform/store/store';
import { ConfigError, loadBotAppId, loadConfig, loadDotEnv, type Config } from '../config';
import { loadUnfurlDomains } from '../config/unfurl-config';
import { ManifestError } from '../manifest/build-manifest';
import { findManifestDir, syncTemplateCommands, writeAppPackage } from '../manifest/write-package';

/** Where CLI output goes; injected so tests can capture it without touching process streams. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** A subcommand receives its own arguments (without its name) and returns the exit code. */
export type SubcommandRunner = (argv: string[], io: CliIo) => Promise<number>;

/**
 * A GUID that is obviously not a real app registration, used when MicrosoftAppId is unset so a
 * package can still be built and inspected; Teams rejects it at upload, which is the point.
 */
export const PLACEHOLDER_BOT_ID = '00000000-0000-0000-0000-000000000000';

const processIo: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

const HELP = `Usage: llmops-bot <command> [options]

Commands:
  manifest [--out FILE] [--bot-id GUID] [--sync-template]
        Build the Teams app package (default manifest/app-package.zip). The bot id comes from
        --bot-id or MicrosoftAppId (environment or .env). --sync-template rewrites the
        commandLists in manifest/manifest.json from the command registry.
  drift --reference REF.jsonl --current CUR.jsonl [options]
        Compare two JSON Lines windows for data drift (see \`llmops-bot drift --help\`).
  drift import FILE [--target T]
        Load predictions (JSON Lines or CSV) into the bot's inference log in DATA_DIR.
  azure up|down --resource-group RG --location REGION --name NAME [--subscription ID]
        [--dry-run] [--yes]
        Create (or finish, or update) the bot's own home in Azure and deploy this build, or
        remove it (see \`llmops-bot azure --help\` and docs/deploy.md).
  store copy [--to URL] [--data-dir DIR]
        Copy the embedded SQLite store (DATA_DIR) into PostgreSQL (--to, default DATABASE_URL).
  help, --help, -h
        Show this help.
`;

function optionValue(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  if (i === -1) return undefined;
  const value = argv[i + 1];
  if (value === undefined || value.startsWith('--')) throw new UsageError(`${name} needs a value`);
  return value;
}

class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

function resolveBotId(argv: string[], io: CliIo): string {
  const explicit = optionValue(argv, '--bot-id');
  if (explicit !== undefined) return explicit;
  loadDotEnv();
  const appId = loadBotAppId();
  if (appId !== undefined) return appId;
  io.stderr(
    `warning: MicrosoftAppId is not set; using the placeholder bot id ${PLACEHOLDER_BOT_ID}. ` +
      'This package will not work in Teams until you rebuild it with the real app id.\n',
  );
  return PLACEHOLDER_BOT_ID;
}

const KNOWN_MANIFEST_FLAGS = new Set(['--out', '--bot-id', '--sync-template']);

async function runManifest(argv: string[], io: CliIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(HELP);
    return 0;
  }
  const unknown = argv.find((a) => a.startsWith('--') && !KNOWN_MANIFEST_FLAGS.has(a));
  if (unknown) throw new UsageError(`unknown option ${unknown}`);
  const manifestDir = findManifestDir();
  if (argv.includes('--sync-template')) {
    syncTemplateCommands(manifestDir, commands);
    io.stdout(
      'Updated the commandLists in manifest/manifest.json from the registry. ' +
        'Run `npx prettier --write manifest/manifest.json` before committing.\n',
    );
    return 0;
  }
  const outFile = path.resolve(
    optionValue(argv, '--out') ?? path.join(manifestDir, 'app-package.zip'),
  );
  const botId = resolveBotId(argv, io);
  loadDotEnv();
  const unfurlDomains = loadUnfurlDomains();
  const result = await writeAppPackage({ manifestDir, outFile, commands, botId, unfurlDomains });
  io.stdout(
    `Wrote ${result.outFile} (${result.bytes} bytes): manifest.json, color.png, outline.png\n` +
      (unfurlDomains.length > 0
        ? `Links of ${unfurlDomains.join(', ')} unfurl.\n`
        : 'No link unfurling: set MLFLOW_TRACKING_URI, DATABRICKS_HOST or UNFURL_DOMAINS.\n'),
  );
  return 0;
}

/**
 * The store the bot's configuration names (DATA_DIR or DATABASE_URL), for commands that write
 * into it. An Entra-authenticated PostgreSQL gets its token from the same Azure identity chain
 * as the bot (@azure/identity loaded only then).
 */
function openConfiguredStore(config: Readonly<Config>): Promise<Store> {
  const s = config.store;
  const entra = () => newAzureCredential(config.azure.authorityHost);
  return openStore(
    s.kind === 'sqlite'
      ? { kind: 'sqlite', dataDir: config.dataDir }
      : {
          kind: 'postgres',
          url: s.url,
          poolMax: 2,
          ...(s.auth === 'entra' ? { password: entraPassword(entra) } : {}),
        },
    createLogger('silent'),
  );
}

/** `drift` lives in src/cli/drift-command.ts; it also needs to read the input files. */
const runDrift: SubcommandRunner = (argv, io) =>
  argv[0] === 'import'
    ? runDriftImport(argv.slice(1), {
        ...io,
        readFile: (file) => readFile(file, 'utf8'),
        openStore: () => (loadDotEnv(), openConfiguredStore(loadConfig())),
        now: Date.now,
      })
    : runDriftCommand(argv, { ...io, readFile: (file) => readFile(file, 'utf8') });

/** One DefaultAzureCredential: Azure CLI login on a laptop, a managed identity in Azure. */
function azureCredential(): TokenCredential {
  return newAzureCredential();
}

/** Reads one answer from the terminal (only asked when stdin is one). */
async function ask(question: string): Promise<string> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

const runAzure: SubcommandRunner = (argv, io) => {
  const manifestDir = findManifestDir();
  return runAzureCommand(argv, {
    ...io,
    tty: io === processIo && Boolean(process.stdout.isTTY && process.stdin.isTTY),
    ask,
    config: () => (loadDotEnv(), loadConfig()),
    azureCredential,
    rootDir: path.dirname(manifestDir),
    writeTeamsPackage: async (botId) => {
      const outFile = path.join(manifestDir, 'app-package.zip');
      loadDotEnv();
      await writeAppPackage({
        manifestDir,
        outFile,
        commands,
        botId,
        unfurlDomains: loadUnfurlDomains(),
      });
      return outFile;
    },
  });
};

const SUBCOMMANDS: Readonly<Record<string, SubcommandRunner>> = {
  manifest: runManifest,
  azure: runAzure,
  drift: runDrift,
  store: (argv, io) =>
    runStoreCommand(argv, {
      ...io,
      config: () => (loadDotEnv(), loadConfig()),
      azureCredential,
    }),
};

/**
 * Entry point of `llmops-bot` (bin/llmops-bot.js). Returns the exit code instead of calling
 * process.exit so tests can run it in-process. Exit codes: 0 ok, 1 failure, 2 usage error.
 */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(HELP);
    return name === undefined ? 2 : 0;
  }
  const runner = SUBCOMMANDS[name];
  if (!runner) {
    io.stderr(`Unknown command "${name}".\n\n${HELP}`);
    return 2;
  }
  try {
    return await runner(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`${err.message}\n\n${HELP}`);
      return 2;
    }
    if (err instanceof ConfigError || err instanceof ManifestError) {
      io.stderr(`${err.message}\n`);
      return 1;
    }
    throw err;
  }
}
