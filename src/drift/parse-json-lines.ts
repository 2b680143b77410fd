// JSON Lines → rows, with file/line-precise errors. Pure (takes text, not a path) so the CLI and
// the chat bot's upload handler can share it.

import type { Row } from './clean-column';
import { DriftInputError } from './drift-input-error';

/** Parsed rows plus the 1-based source line of each row (blank lines are skipped). */
export interface ParsedJsonLines {
  rows: Row[];
  lines: number[];
}

/**
 * Replaces bare NaN / Infinity / -Infinity tokens outside strings by null. Python's json.dumps
 * writes them, and they mean "missing" for a drift window; plain JSON.parse rejects them.
 */
export function replaceBareNonFinite(line: string): string {
  let out = '';
  let inString = false;
  let i = 0;
  while (i < line.length) {
    const ch = line[i]!;
    if (inString) {
      out += ch;
      if (ch === '\\') {
        out += line[i + 1] ?? '';
        i += 2;
        continue;
      }
      if (ch === '"') inString = false;
      i++;
      continue;
    }
    if (ch === '"') {
      inString = true;
      out += ch;
      i++;
      continue;
    }
    const token = ['-Infinity', 'Infinity', 'NaN'].find((t) => line.startsWith(t, i));
    if (token) {
      out += 'null';
      i += token.length;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

/** Where a line may hold an integer a double cannot represent (2^53 has 16 digits). */
const LONG_DIGITS = /\d{16,}/;

/**
 * JSON.parse reviver: an integer literal beyond 2^53 that a double would round becomes a bigint,
 * because Python (so Evidently) keeps it exact: 9007199254740993 and 9007199254740992 are two
 * categories there, one number here. The source text is the reviver's third argument (ES2025).
 */
function keepLongIntegers(_key: string, value: unknown, context?: { source?: string }): unknown {
  const source = context?.source;
  if (typeof value !== 'number' || Number.isSafeInteger(value) || !source) return value;
  if (!/^-?\d+$/.test(source)) return value;
  const exact = BigInt(source);
  return Number.isFinite(value) && exact === BigInt(value) ? value : exact;
}

const parseJson = (text: string): unknown =>
  LONG_DIGITS.test(text) ? JSON.parse(text, keepLongIntegers) : JSON.parse(text);

function parseLine(text: string): unknown {
  try {
    return parseJson(text);
  } catch (err) {
    if (/NaN|Infinity/.test(text)) {
      try {
        return parseJson(replaceBareNonFinite(text));
      } catch {
        // fall through to the original error, which describes the line as written
      }
    }
    throw err;
  }
}

/**
 * Parses JSON Lines: one JSON object per line, blank lines ignored, a leading BOM tolerated.
 * Any other line is a {@link DriftInputError} 'unparsable-line' naming the file and line number,
 * because a silently skipped row would bias the drift statistics.
 */
export function parseJsonLines(text: string, fileName: string): ParsedJsonLines {
  const rows: Row[] = [];
  const lines: number[] = [];
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const all = source.split('\n');
  for (let i = 0; i < all.length; i++) {
    const raw = all[i]!;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = parseLine(line);
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      throw new DriftInputError(
        'unparsable-line',
        `${fileName} line ${i + 1}: not valid JSON (${detail})`,
      );
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new DriftInputError(
        'unparsable-line',
        `${fileName} line ${i + 1}: expected a JSON object with one key per column`,
      );
    }
    rows.push(value as Row);
    lines.push(i + 1);
  }
  return { rows, lines };
}
