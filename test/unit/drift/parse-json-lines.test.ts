import { describe, expect, it } from 'vitest';
import { DriftInputError } from '../../../src/drift/drift-input-error';
import { formatDriftNumber, formatDriftTable } from '../../../src/drift/format-drift-table';
import { inferColumnTypes } from '../../../src/drift/infer-column-types';
import { parseJsonLines, replaceBareNonFinite } from '../../../src/drift/parse-json-lines';
import { computeDriftReport } from '../../../src/drift/compute-drift-report';

function parseError(text: string): DriftInputError {
  try {
    parseJsonLines(text, 'w.jsonl');
  } catch (err) {
    if (err instanceof DriftInputError) return err;
    throw err;
  }
  throw new Error('expected a DriftInputError');
}

describe('parseJsonLines', () => {
  it('skips blank lines, strips a BOM and CRLF, and remembers source lines', () => {
    const parsed = parseJsonLines('\uFEFF{"a": 1}\r\n\r\n  \n{"a": "x"}\n', 'w.jsonl');
    expect(parsed.rows).toEqual([{ a: 1 }, { a: 'x' }]);
    expect(parsed.lines).toEqual([1, 4]);
  });

  it('reads bare NaN/Infinity (Python json.dumps) as missing, but not inside strings', () => {
    const parsed = parseJsonLines(
      '{"a": NaN, "b": -Infinity, "c": "NaN Infinity \\" NaN", "d": [Infinity]}',
      'w.jsonl',
    );
    expect(parsed.rows[0]).toEqual({ a: null, b: null, c: 'NaN Infinity " NaN', d: [null] });
    expect(replaceBareNonFinite('{"k": "a\\\\", "n": NaN}')).toBe('{"k": "a\\\\", "n": null}');
  });

  it('names file and line for invalid JSON and for non-object lines', () => {
    const bad = parseError('{"a": 1}\n{"a": }\n');
    expect(bad.reason).toBe('unparsable-line');
    expect(bad.message).toMatch(/^w\.jsonl line 2: not valid JSON \(/);
    for (const line of ['42', '"text"', 'null', '[{"a": 1}]']) {
      expect(parseError(`{"a": 1}\n\n${line}`).message).toBe(
        'w.jsonl line 3: expected a JSON object with one key per column',
      );
    }
  });
});

describe('inferColumnTypes', () => {
  it('calls a column numerical only if every present value is a number', () => {
    const result = inferColumnTypes([
      [
        { n: 1, m: 1, s: 'a', b: true, z: null, o: { k: 1 } },
        { n: 'NaN', m: '2', s: 3 },
      ],
      [{ n: -Infinity, late: 5 }],
    ]);
    expect(result.columns).toEqual({
      n: 'numerical',
      m: 'categorical',
      s: 'categorical',
      b: 'categorical',
      z: 'categorical',
      late: 'numerical',
    });
    expect(result.skipped).toEqual(['o']);
  });
});

describe('formatDriftTable', () => {
  it('formats scores compactly and renders every verdict kind', () => {
    expect([null, 0, 5.84e-12, 0.0220923, 75158.75, 2e6].map(formatDriftNumber)).toEqual([
      '-',
      '0',
      '5.840e-12',
      '0.02209',
      '75160',
      '2.000e+6',
    ]);
    const ctx = { referenceName: 'r', currentName: 'c', referenceRows: 3, currentRows: 3 };
    const none = computeDriftReport([{ x: null }], [{ x: 1 }], { x: 'numerical' });
    expect(formatDriftTable(none, ctx)).toContain(
      'Verdict: no verdict - no column has data in both windows.',
    );
    const calm = computeDriftReport([{ x: 'a' }, { x: 'b' }], [{ x: 'a' }, { x: 'b' }], {
      x: 'categorical',
    });
    expect(formatDriftTable(calm, { ...ctx, driftShare: 0.3 })).toContain(
      'Verdict: no dataset drift - 0 of 1 tested columns drifted (share 0.00 < 0.30).',
    );
    const counted = (values: [number, number][]) => ({
      columns: {},
      counted: { x: { counts: new Map(values), binWidth: 10, unit: 'ms' } },
    });
    const binned = computeDriftReport(counted([[0, 3]]), counted([[10, 3]]), { x: 'numerical' });
    expect(JSON.parse(JSON.stringify(binned.columns[0]))).toMatchObject({
      bin_width: 10,
      binning: 'binned to 10 ms',
    });
    expect(formatDriftTable(binned, ctx)).toContain(
      'Binned (too many distinct values): x binned to 10 ms.',
    );
  });
});
