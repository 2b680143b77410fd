// `llmops-bot drift import <file> [--target T]`: loads predictions from JSON Lines or CSV into
// the bot's inference log, so drift checks can run on data that did not go through the bot.

import { DriftInputError } from '../drift/drift-input-error';
import type { Insertable } from 'kysely';
import type { Store } from '../platform/store/store';
import type { InferenceLogTable } from '../platform/store/tables';
import { csvRecords } from './parse-csv-window';

export interface DriftImportIo {
  readFile(path: string): Promise<string>;
  /** The bot's store (SQLite in DATA_DIR, or DATABASE_URL), migrated; closed by the import. */
  openStore(): Promise<Store>;
  now(): number;
  stdout(s: string): void;
  stderr(s: string): void;
}

export const DRIFT_IMPORT_HELP = `Usage: llmops-bot drift import FILE [--target T]

Writes predictions into the bot's inference log (DATA_DIR). FILE is JSON Lines (.jsonl) or CSV
(.csv, header row). Columns: at (ISO time or epoch ms; default now), target, model,
prompt_tokens, completion_tokens, total_tokens, latency_ms, prompt_chars, response_chars,
finish_reason, status (ok, error, ...), content_filter (yes/no). --target sets the target of
rows that have none. A column left out (or an empty cell) is stored as unknown, not 0: drift
checks show that feature as "insufficient data" and leave it out of the drifted share.
`;

type Raw = Record<string, unknown>;

/**
 * CSV with a header row, read by csv-parse (RFC 4180: quotes, doubled quotes, commas and newlines
 * inside quotes, CRLF, a leading BOM). An empty cell is a missing value (null).
 */
export function parseCsv(text: string): Raw[] {
  const [header, ...rest] = csvRecords(text, '').map((r) => r.record);
  if (!header) return [];
  const names = header.map((h) => h.trim());
  return rest.map((r) => {
    const row: Raw = {};
    names.forEach((h, i) => {
      const v = r[i];
      row[h] = v === undefined || v === '' ? null : v;
    });
    return row;
  });
}

function parseJsonl(text: string): Raw[] {
  const out: Raw[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      throw new DriftInputError('unparsable-line', `line ${i + 1} is not JSON`);
    }
    if (!v || typeof v !== 'object' || Array.isArray(v)) {
      throw new DriftInputError('unparsable-line', `line ${i + 1} is not a JSON object`);
    }
    out.push(v as Raw);
  });
  return out;
}

/** A cell as text: JSON values arrive as strings, numbers or booleans; anything else as JSON. */
const cell = (v: unknown): string =>
  typeof v === 'string'
    ? v
    : typeof v === 'number' || typeof v === 'boolean'
      ? String(v)
      : JSON.stringify(v);

const num = (v: unknown): number | null => {
  if (v === null || v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
};
const str = (v: unknown): string | null =>
  v === null || v === undefined || v === '' ? null : cell(v);

function timeOf(v: unknown, now: number, row: number): number {
  if (v === null || v === undefined || v === '') return now;
  const n = typeof v === 'number' ? v : /^\d+$/.test(cell(v)) ? Number(v) : Date.parse(cell(v));
  if (!Number.isFinite(n)) throw new DriftInputError('bad-value', `row ${row}: "at" is not a time`);
  return n;
}

/** Rows per INSERT: 22 columns each, well under SQLite's and PostgreSQL's parameter limits. */
const CHUNK = 500;

/** The inference-log rows of an import; throws DriftInputError on the first bad row. */
function toRecords(
  rows: readonly Raw[],
  target: string | undefined,
  now: number,
): Insertable<InferenceLogTable>[] {
  const runId = `import-${now}`;
  return rows.map((r, i) => {
    const rowTarget = str(r.target) ?? target;
    if (!rowTarget)
      throw new DriftInputError('bad-value', `row ${i + 1} has no target; pass --target`);
    // An absent column or empty cell stays null (unknown), never 0: a drift check must see it as
    // missing data, not as a constant feature that "did not drift".
    const p = num(r.prompt_tokens);
    const c = num(r.completion_tokens);
    const filtered = ['yes', 'true', '1'].includes(cell(r.content_filter ?? '').toLowerCase());
    return {
      at: timeOf(r.at, now, i + 1),
      source: 'import',
      target: rowTarget,
      target_kind: 'import',
      model: str(r.model) ?? rowTarget,
      prompt: null,
      response: null,
      prompt_chars: num(r.prompt_chars),
      response_chars: num(r.response_chars),
      redacted: 1,
      prompt_tokens: p,
      completion_tokens: c,
      total_tokens: num(r.total_tokens) ?? (p !== null && c !== null ? p + c : null),
      latency_ms: num(r.latency_ms),
      status: str(r.status) ?? 'ok',
      finish_reason: str(r.finish_reason),
      filter_stage: filtered ? 'output' : null,
      filter_categories: null,
      error_reason: null,
      user_id: null,
      conversation_id: null,
      run_id: runId,
    };
  });
}

/** Runs the import; returns the exit code (0 ok, 2 bad input). */
export async function runDriftImport(argv: readonly string[], io: DriftImportIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(DRIFT_IMPORT_HELP);
    return 0;
  }
  try {
    const t = argv.indexOf('--target');
    const target = t >= 0 ? argv[t + 1] : undefined;
    if (t >= 0 && (!target || target.startsWith('--')))
      throw new DriftInputError('missing-flag', '--target needs a value');
    const files = argv.filter((a, i) => !a.startsWith('--') && !(t >= 0 && i === t + 1));
    const file = files[0];
    if (!file || files.length > 1)
      throw new DriftInputError('missing-flag', 'give exactly one FILE (see --help)');
    let text: string;
    try {
      text = await io.readFile(file);
    } catch {
      throw new DriftInputError('missing-file', `cannot read ${file}`);
    }
    const rows = /\.csv$/i.test(file) ? parseCsv(text) : parseJsonl(text);
    const records = toRecords(rows, target, io.now());
    const store = await io.openStore();
    try {
      // All or nothing, in chunks that stay under either database's bound-parameter limit.
      await store.db.transaction().execute(async (trx) => {
        for (let i = 0; i < records.length; i += CHUNK) {
          await trx
            .insertInto('inference_log')
            .values(records.slice(i, i + CHUNK))
            .execute();
        }
      });
    } finally {
      await store.close();
    }
    io.stdout(`Imported ${rows.length} predictions into the inference log.\n`);
    return 0;
  } catch (err) {
    if (err instanceof DriftInputError) {
      io.stderr(`drift import: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
