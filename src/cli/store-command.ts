import { existsSync } from 'node:fs';
import path from 'node:path';
import type { TokenCredential } from '@azure/identity';
import type { Config } from '../config';
import { copyStore, type TableCopy } from '../platform/store/copy-store';
import { entraPassword } from '../platform/store/open-store';
import { describePostgresUrl, openPostgresStore } from '../platform/store/postgres-store';
import { openSqliteStore } from '../platform/store/sqlite-store';
import type { Store } from '../platform/store/store';

export interface StoreCommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** The validated configuration (DATA_DIR, DATABASE_URL, DATABASE_AUTH). */
  config(): Readonly<Config>;
  /** The bot's Azure credential, built only for DATABASE_AUTH=entra. */
  azureCredential(): TokenCredential;
}

export const STORE_HELP = `Usage: llmops-bot store copy [--to URL] [--data-dir DIR]

Copies every table of the embedded SQLite store (DATA_DIR/bot.sqlite) into PostgreSQL
(--to, default DATABASE_URL), creating the schema there first. Rows already in PostgreSQL are
kept as they are, so running it again copies only what is new. With DATABASE_AUTH=entra the
bot's Azure identity signs in. Stop the bot first, so nothing changes during the copy.
`;

const valueOf = (argv: string[], name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i === -1 ? undefined : argv[i + 1];
};

const pad = (s: string, n: number) => s.padEnd(n);

function table(rows: TableCopy[]): string {
  const w = Math.max(5, ...rows.map((r) => r.table.length));
  const line = (a: string, b: string, c: string, d: string) =>
    `${pad(a, w)}  ${b.padStart(8)}  ${c.padStart(8)}  ${d.padStart(10)}\n`;
  return (
    line('table', 'source', 'copied', 'postgres') +
    rows.map((r) => line(r.table, String(r.source), String(r.copied), String(r.target))).join('')
  );
}

/** `llmops-bot store copy`: returns the exit code (0 copied, 1 failed, 2 usage). */
export async function runStoreCommand(argv: string[], io: StoreCommandIo): Promise<number> {
  if (argv[0] !== 'copy') {
    if (argv[0] === undefined || argv[0] === '--help' || argv[0] === '-h') io.stdout(STORE_HELP);
    else io.stderr(`Unknown store command "${argv[0]}".\n\n${STORE_HELP}`);
    return argv[0] === undefined ? 2 : argv[0].startsWith('-') ? 0 : 2;
  }
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(STORE_HELP);
    return 0;
  }
  const unknown = argv
    .slice(1)
    .find(
      (a, i, all) =>
        a.startsWith('--') && !['--to', '--data-dir'].includes(a) && all[i - 1] !== '--to',
    );
  if (unknown) {
    io.stderr(`unknown option ${unknown}\n\n${STORE_HELP}`);
    return 2;
  }
  const config = io.config();
  const url =
    valueOf(argv, '--to') ?? (config.store.kind === 'postgres' ? config.store.url : undefined);
  if (!url || !/^postgres(ql)?:\/\//.test(url)) {
    io.stderr(
      `store copy needs --to postgres://user@host:5432/db (or DATABASE_URL).\n\n${STORE_HELP}`,
    );
    return 2;
  }
  const dataDir = path.resolve(valueOf(argv, '--data-dir') ?? config.dataDir);
  const file = path.join(dataDir, 'bot.sqlite');
  if (!existsSync(file)) {
    io.stderr(
      `There is no embedded store at ${file}. Point --data-dir (or DATA_DIR) at the bot's data folder.\n`,
    );
    return 1;
  }
  const where = describePostgresUrl(url);
  const entra = config.store.kind === 'postgres' && config.store.auth === 'entra';
  let source: Store | undefined;
  let target: Store | undefined;
  try {
    source = openSqliteStore(dataDir);
    io.stdout(`Copying ${file} into ${where}\n`);
    target = await openPostgresStore({
      url,
      poolMax: 2,
      ...(entra ? { password: entraPassword(() => io.azureCredential()) } : {}),
    });
    const rows = await copyStore(source, target);
    io.stdout(table(rows));
    const copied = rows.reduce((n, r) => n + r.copied, 0);
    io.stdout(`Done: ${copied} rows copied into ${where}; ${rows.length} tables checked.\n`);
    return 0;
  } catch (err) {
    io.stderr(`store copy failed (${where}): ${(err as Error).message}\n`);
    return 1;
  } finally {
    await target?.close();
    await source?.close();
  }
}
