// `llmops-bot drift`: compare two JSON Lines windows with the Evidently-compatible drift engine.

import type { Row } from '../drift/clean-column';
import { computeDriftReport } from '../drift/compute-drift-report';
import { DriftInputError } from '../drift/drift-input-error';
import { formatDriftTable, type DriftTableContext } from '../drift/format-drift-table';
import { inferColumnTypes } from '../drift/infer-column-types';
import { parseJsonLines, type ParsedJsonLines } from '../drift/parse-json-lines';
import { parseCsvWindow } from './parse-csv-window';
import type { ColumnType } from '../drift/stattest-registry';

/** What the command needs from the outside world; injected so tests never touch real streams. */
export interface DriftCommandIo {
  readFile(path: string): Promise<string>;
  stdout(s: string): void;
  stderr(s: string): void;
}

/** Exit code for bad input (usage, files, data), distinct from 1 = unexpected failure. */
export const DRIFT_USAGE_EXIT = 2;

/** Help text; exported so the top-level CLI can show it and tests can pin it. */
export const DRIFT_HELP = `Usage: llmops-bot drift --reference REF.jsonl --current CUR.jsonl [options]

Compares a reference window with a current window, column by column, using Evidently's default
data-drift tests (KS / chi-square / Z for reference windows up to 1000 rows, normed Wasserstein /
Jensen-Shannon above), and decides dataset drift when at least half of the columns drifted.

Options:
  --reference FILE   reference window: JSON Lines (one object per line, keys = column names),
                     or CSV with a header row (a .csv name; cells typed as pandas.read_csv does)
  --current FILE     current window, same formats
  --columns FILE     column spec {"columns": {"name": "numerical" | "categorical"}};
                     without it, types are inferred (all values numbers -> numerical)
  --drift-share X    share of drifted columns that means dataset drift (default 0.5)
  --json             print the report as JSON instead of a table (binned_columns lists the
                     features binned to a resolution: always none for rows read from files)
  -h, --help         show this help

Missing values (null, "NaN", "Infinity", "-Infinity") are dropped; a column left with no value in
a window is "insufficient data", listed and not counted in the share. Categories are keyed as
pandas does (true = 1, false = 0; "1" is a string). Details: docs/drift.md. Exit codes: 0 report
printed (drift or not), 2 bad input.
`;

interface ParsedArgs {
  reference: string;
  current: string;
  columns?: string;
  driftShare?: number;
  json: boolean;
}

const VALUE_FLAGS = new Set(['--reference', '--current', '--columns', '--drift-share']);

function parseArgs(argv: readonly string[]): ParsedArgs | 'help' {
  const args = argv[0] === 'drift' ? argv.slice(1) : argv;
  const values = new Map<string, string>();
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--json') {
      json = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (!VALUE_FLAGS.has(flag)) {
      const what = arg.startsWith('-') ? `unknown flag ${flag}` : `unexpected argument "${arg}"`;
      throw new DriftInputError('unknown-flag', `${what} (see --help)`);
    }
    let value: string | undefined;
    if (flag !== arg) value = arg.slice(eq + 1);
    else if (args[i + 1] !== undefined && !args[i + 1]!.startsWith('--')) value = args[++i];
    if (value === undefined || value === '') {
      throw new DriftInputError('missing-flag', `${flag} needs a value`);
    }
    if (values.has(flag)) throw new DriftInputError('bad-option', `${flag} given more than once`);
    values.set(flag, value);
  }
  for (const required of ['--reference', '--current']) {
    if (!values.has(required)) {
      throw new DriftInputError('missing-flag', `missing required flag ${required} (see --help)`);
    }
  }
  const parsed: ParsedArgs = {
    reference: values.get('--reference')!,
    current: values.get('--current')!,
    json,
  };
  const columns = values.get('--columns');
  if (columns !== undefined) parsed.columns = columns;
  const share = values.get('--drift-share');
  if (share !== undefined) {
    const n = Number(share);
    if (!Number.isFinite(n) || n < 0 || n > 1) {
      throw new DriftInputError('bad-option', `--drift-share must be a number between 0 and 1`);
    }
    parsed.driftShare = n;
  }
  return parsed;
}

/** A window file: CSV (read as pandas.read_csv does) by its .csv name, else JSON Lines. */
const parseWindow = (text: string, file: string): ParsedJsonLines =>
  /\.csv$/i.test(file) ? parseCsvWindow(text, file) : parseJsonLines(text, file);

async function readInput(io: DriftCommandIo, file: string, role: string): Promise<string> {
  try {
    return await io.readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'ENOENT')
      throw new DriftInputError('missing-file', `${role} file not found: ${file}`);
    const detail = code ?? (err instanceof Error ? err.message : String(err));
    throw new DriftInputError('missing-file', `cannot read ${role} file ${file} (${detail})`);
  }
}

function parseSpec(text: string, file: string): Record<string, ColumnType> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new DriftInputError(
      'bad-spec',
      `${file}: not valid JSON (${err instanceof Error ? err.message : String(err)})`,
    );
  }
  const columns = (doc as { columns?: unknown } | null)?.columns;
  if (typeof columns !== 'object' || columns === null || Array.isArray(columns)) {
    throw new DriftInputError(
      'bad-spec',
      `${file}: expected {"columns": {"<name>": "numerical" | "categorical"}}`,
    );
  }
  const entries = Object.entries(columns);
  if (entries.length === 0) throw new DriftInputError('bad-spec', `${file}: declares no columns`);
  for (const [name, type] of entries) {
    if (type !== 'numerical' && type !== 'categorical') {
      throw new DriftInputError(
        'bad-spec',
        `${file}: column "${name}" has type ${JSON.stringify(type)}; expected "numerical" or "categorical"`,
      );
    }
  }
  return columns as Record<string, ColumnType>;
}

const NON_FINITE = new Set(['NaN', 'Infinity', '-Infinity']);

/** Checks values against the declared types so errors can name the file and line. */
function validateValues(
  data: ParsedJsonLines,
  file: string,
  columns: Record<string, ColumnType>,
): void {
  const names = Object.entries(columns);
  data.rows.forEach((row: Row, i) => {
    for (const [name, type] of names) {
      const v = row[name];
      if (v === null || v === undefined) continue;
      const ok =
        type === 'numerical'
          ? typeof v === 'number' ||
            typeof v === 'bigint' ||
            (typeof v === 'string' && NON_FINITE.has(v))
          : ['string', 'number', 'boolean', 'bigint'].includes(typeof v);
      if (!ok) {
        const shown =
          typeof v === 'object' ? (Array.isArray(v) ? 'an array' : 'an object') : JSON.stringify(v);
        throw new DriftInputError(
          'bad-value',
          `${file} line ${data.lines[i]}: column "${name}" is ${type} but holds ${shown}`,
        );
      }
    }
  });
}

/** Declared columns from the spec (all must exist in the data), or inferred ones (reported). */
function resolveColumns(
  args: ParsedArgs,
  specText: string | undefined,
  ref: readonly Row[],
  cur: readonly Row[],
  io: DriftCommandIo,
): { columns: Record<string, ColumnType>; inferred: boolean } {
  if (specText !== undefined && args.columns !== undefined) {
    const columns = parseSpec(specText, args.columns);
    const present = new Set<string>();
    for (const rows of [ref, cur]) for (const row of rows) for (const k in row) present.add(k);
    const unknown = Object.keys(columns).filter((name) => !present.has(name));
    if (unknown.length > 0) {
      const names = unknown.map((n) => `"${n}"`).join(', ');
      throw new DriftInputError(
        'unknown-column',
        `column${unknown.length > 1 ? 's' : ''} ${names} in ${args.columns} not found in ${args.reference} or ${args.current}`,
      );
    }
    return { columns, inferred: false };
  }
  const { columns, skipped } = inferColumnTypes([ref, cur]);
  const list = Object.entries(columns).map(([n, t]) => `${n}=${t}`);
  const skippedNote = skipped.length > 0 ? `skipped (objects/arrays): ${skipped.join(', ')}` : '';
  if (args.json) {
    const note = [list.join(', ') || 'none', skippedNote].filter(Boolean).join('; ');
    io.stderr(`drift: column types inferred (no --columns): ${note}\n`);
  } else if (skippedNote) {
    io.stderr(`drift: ${skippedNote}\n`);
  }
  return { columns, inferred: true };
}

/**
 * Runs `drift` and returns the exit code: 0 when a report was printed (drift or not), 2 with one
 * line on stderr for bad input. Never throws for input problems, so the caller only maps codes.
 * `argv` is the arguments after the command name (a leading "drift" is tolerated).
 */
export async function runDriftCommand(argv: string[], io: DriftCommandIo): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args === 'help') {
      io.stdout(DRIFT_HELP);
      return 0;
    }
    const refText = await readInput(io, args.reference, 'reference');
    const curText = await readInput(io, args.current, 'current');
    const specText =
      args.columns === undefined ? undefined : await readInput(io, args.columns, 'columns spec');
    const ref = parseWindow(refText, args.reference);
    const cur = parseWindow(curText, args.current);
    const { columns, inferred } = resolveColumns(args, specText, ref.rows, cur.rows, io);
    validateValues(ref, args.reference, columns);
    validateValues(cur, args.current, columns);
    const options = args.driftShare === undefined ? {} : { driftShare: args.driftShare };
    const report = computeDriftReport(ref.rows, cur.rows, columns, options);
    if (args.json) {
      // Says whether any feature was binned, always (issue 13); rows read from files are exact.
      const binned = report.columns.filter((c) => c.binning !== undefined).map((c) => c.name);
      io.stdout(`${JSON.stringify({ ...report, binned_columns: binned }, null, 2)}\n`);
    } else {
      const ctx: DriftTableContext = {
        referenceName: args.reference,
        currentName: args.current,
        referenceRows: ref.rows.length,
        currentRows: cur.rows.length,
        inferredTypes: inferred,
      };
      if (args.driftShare !== undefined) ctx.driftShare = args.driftShare;
      io.stdout(formatDriftTable(report, ctx));
    }
    return 0;
  } catch (err) {
    if (err instanceof DriftInputError) {
      io.stderr(`drift: ${err.message}\n`);
      return DRIFT_USAGE_EXIT;
    }
    io.stderr(`drift: unexpected error: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
