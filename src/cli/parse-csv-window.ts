// A CSV drift window, read the way pandas.read_csv reads it (what Evidently users feed it), so
// `drift --reference ref.csv` gives Evidently's verdict on the same file.

import { parse } from 'csv-parse/sync';
import type { Row } from '../drift/clean-column';
import { DriftInputError } from '../drift/drift-input-error';
import type { ParsedJsonLines } from '../drift/parse-json-lines';

/** pandas' default missing-value spellings (read_csv `na_values`), plus the empty cell. */
const NA = new Set([
  '',
  '#N/A',
  '#N/A N/A',
  '#NA',
  '-1.#IND',
  '-1.#QNAN',
  '-NaN',
  '-nan',
  '1.#IND',
  '1.#QNAN',
  '<NA>',
  'N/A',
  'NA',
  'NULL',
  'NaN',
  'None',
  'n/a',
  'nan',
  'null',
]);
const TRUE = new Set(['True', 'TRUE', 'true']);
const FALSE = new Set(['False', 'FALSE', 'false']);
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INFINITE = /^[+-]?(inf|infinity)$/i;

function toNumber(cell: string): number | undefined {
  const t = cell.trim();
  if (NUMBER.test(t)) return Number(t);
  if (INFINITE.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  return undefined;
}

/**
 * One column as pandas types it: all cells numbers → numbers; all true/false → booleans; else
 * every cell stays the string it is ("1" among words is a string). Missing spellings are null.
 */
function typedColumn(cells: readonly string[]): unknown[] {
  const present = cells.filter((c) => !NA.has(c));
  if (present.length > 0 && present.every((c) => toNumber(c) !== undefined)) {
    return cells.map((c) => (NA.has(c) ? null : toNumber(c)));
  }
  if (present.length > 0 && present.every((c) => TRUE.has(c) || FALSE.has(c))) {
    return cells.map((c) => (NA.has(c) ? null : TRUE.has(c)));
  }
  return cells.map((c) => (NA.has(c) ? null : c));
}

/** One parsed CSV record and the source line it ends on. */
export interface CsvRecord {
  record: string[];
  info: { lines: number };
}

/**
 * Records of a CSV text (csv-parse: quotes, doubled quotes, commas and newlines in quotes, a BOM,
 * mixed line endings; short rows allowed). `what` names the input in the error.
 */
export function csvRecords(text: string, what: string): CsvRecord[] {
  try {
    return parse(text, {
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      // Files edited on several systems mix line endings; accept each on every line.
      record_delimiter: ['\r\n', '\n', '\r'],
      // csv-parse's typings do not narrow on `info: true`; the records are {record, info}.
    }) as unknown as CsvRecord[];
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new DriftInputError('unparsable-line', `${what}not valid CSV (${detail})`);
  }
}

/** Parses a CSV window with a header row into the rows (and source lines) the engine takes. */
export function parseCsvWindow(text: string, fileName: string): ParsedJsonLines {
  const [header, ...body] = csvRecords(text, `${fileName}: `);
  if (!header) return { rows: [], lines: [] };
  const names = header.record;
  const columns = names.map((_, j) => typedColumn(body.map((r) => r.record[j] ?? '')));
  const rows: Row[] = body.map((_, i) =>
    Object.fromEntries(names.map((name, j) => [name, columns[j]![i]])),
  );
  return { rows, lines: body.map((r) => r.info.lines) };
}
