import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDriftCommand } from '../../../src/cli/drift-command';
import { computeDriftReport, type Row } from '../../../src/drift';

interface Dataset {
  id: string;
  columns: Record<
    string,
    { column_type: 'numerical' | 'categorical'; reference: unknown[]; current: unknown[] }
  >;
  expected: { dataset_drift: boolean; number_of_drifted_columns: number };
}

const vectors = JSON.parse(
  readFileSync(path.join(__dirname, '../../fixtures/drift-vectors.json'), 'utf8'),
) as { datasets: Dataset[] };

let dir: string;
const file = (name: string): string => path.join(dir, name);
const write = (name: string, text: string): string => {
  writeFileSync(file(name), text);
  return file(name);
};
const jsonl = (rows: readonly Row[]): string =>
  rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

function windowRows(ds: Dataset, pick: 'reference' | 'current'): Row[] {
  const names = Object.keys(ds.columns);
  const n = Math.max(...names.map((c) => ds.columns[c]![pick].length));
  return Array.from({ length: n }, (_, i) =>
    Object.fromEntries(names.map((c) => [c, ds.columns[c]![pick][i] ?? null])),
  );
}

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runDriftCommand(argv, {
    readFile: (p) => readFile(p, 'utf8'),
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
  });
  return { code, out, err };
}

/** Asserts a bad-input failure: exit 2, nothing on stdout, exactly one line on stderr. */
async function expectInputError(argv: string[], message: string | RegExp): Promise<void> {
  const r = await run(...argv);
  expect(r.code).toBe(2);
  expect(r.out).toBe('');
  expect(r.err.endsWith('\n')).toBe(true);
  expect(r.err.trimEnd().split('\n')).toHaveLength(1);
  if (typeof message === 'string') expect(r.err).toBe(`drift: ${message}\n`);
  else expect(r.err).toMatch(message);
}

const small = vectors.datasets.find((d) => d.id === 'llm_window_small')!;
const large = vectors.datasets.find((d) => d.id === 'llm_window_large')!;
const spec = (ds: Dataset): string =>
  JSON.stringify({
    columns: Object.fromEntries(Object.entries(ds.columns).map(([n, c]) => [n, c.column_type])),
  });

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'drift-cli-'));
  write('small-ref.jsonl', jsonl(windowRows(small, 'reference')));
  write('small-cur.jsonl', jsonl(windowRows(small, 'current')));
  write('large-ref.jsonl', jsonl(windowRows(large, 'reference')));
  write('large-cur.jsonl', jsonl(windowRows(large, 'current')));
  write('small-spec.json', spec(small));
  write('large-spec.json', spec(large));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('drift command: reports', () => {
  it('prints exactly the engine report (and no binned column) with --json and exits 0', async () => {
    const r = await run(
      '--reference',
      file('large-ref.jsonl'),
      '--current',
      file('large-cur.jsonl'),
      '--columns',
      file('large-spec.json'),
      '--json',
    );
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const report = JSON.parse(r.out) as unknown;
    const types = JSON.parse(spec(large)) as {
      columns: Record<string, 'numerical' | 'categorical'>;
    };
    const expected = computeDriftReport(
      windowRows(large, 'reference'),
      windowRows(large, 'current'),
      types.columns,
    );
    // Plus whether any feature was binned: never for rows read from files.
    expect(report).toEqual({ ...expected, binned_columns: [] });
    expect(expected.dataset_drift).toBe(large.expected.dataset_drift);
    expect(expected.drifted_columns).toBe(large.expected.number_of_drifted_columns);
  });

  it('prints an aligned table and the verdict (exit 0 with or without drift)', async () => {
    const drift = await run(
      `--reference=${file('large-ref.jsonl')}`,
      `--current=${file('large-cur.jsonl')}`,
      `--columns=${file('large-spec.json')}`,
    );
    expect(drift.code).toBe(0);
    const lines = drift.out.split('\n');
    const header = lines.find((l) => l.startsWith('column'))!;
    const rowsStart = lines.indexOf(header) + 1;
    const body = lines.slice(rowsStart, rowsStart + 7);
    expect(body.map((l) => l.split(/\s+/)[0])).toEqual(Object.keys(large.columns));
    for (const col of ['type', 'test', 'score', 'threshold', 'drift', 'n_ref', 'n_cur']) {
      const at = header.indexOf(col);
      for (const l of body) expect(l[at - 1], `${col} aligned in "${l}"`).toBe(' ');
    }
    expect(drift.out).toContain('Verdict: DATASET DRIFT - 4 of 7 tested columns drifted');
    const calm = await run(
      'drift',
      '--reference',
      file('small-ref.jsonl'),
      '--current',
      file('small-cur.jsonl'),
      '--columns',
      file('small-spec.json'),
    );
    expect(calm.code).toBe(0);
    expect(calm.out).toContain('Verdict: no dataset drift - 3 of 7 tested columns drifted');
  });

  it('infers types without a spec and says so', async () => {
    const ref = write('infer-ref.jsonl', '{"n": 1, "s": "a", "m": null}\n\n{"n": 2.5, "s": "b"}\n');
    const cur = write('infer-cur.jsonl', '{"n": "NaN", "s": "a"}\r\n{"n": 4, "s": 3}\n');
    const json = await run('--reference', ref, '--current', cur, '--json');
    expect(json.code).toBe(0);
    expect(json.err).toBe(
      'drift: column types inferred (no --columns): n=numerical, s=categorical, m=categorical\n',
    );
    const report = JSON.parse(json.out) as { columns: { name: string; type: string }[] };
    expect(report.columns.map((c) => [c.name, c.type])).toEqual([
      ['n', 'numerical'],
      ['s', 'categorical'],
      ['m', 'categorical'],
    ]);
    const table = await run('--reference', ref, '--current', cur);
    expect(table.out).toContain('numerical*');
    expect(table.out).toContain('* type inferred from the data');
    expect(table.out).toContain('Not tested (insufficient data after dropping missing values): m.');
  });

  it('drops missing values, accepting bare NaN/Infinity as Python writes them', async () => {
    const ref = write('nan-ref.jsonl', '{"x": NaN}\n{"x": 1}\n{"x": 2}\n{"x": -Infinity}\n');
    const cur = write('nan-cur.jsonl', '{"x": "Infinity"}\n{"x": 1}\n{"x": null}\n{"x": 2}\n');
    const r = await run('--reference', ref, '--current', cur, '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as { columns: { n_reference: number; n_current: number }[] };
    expect(report.columns[0]).toMatchObject({ n_reference: 2, n_current: 2, test: 'z', score: 1 });
  });

  it('prints help', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: llmops-bot drift --reference REF.jsonl --current CUR.jsonl');
  });
});

describe('drift command: bad input exits 2 with one line', () => {
  it('names a missing file', async () => {
    const missing = file('nope.jsonl');
    await expectInputError(
      ['--reference', missing, '--current', file('small-cur.jsonl')],
      `reference file not found: ${missing}`,
    );
    await expectInputError(
      [
        '--reference',
        file('small-ref.jsonl'),
        '--current',
        file('small-cur.jsonl'),
        '--columns',
        missing,
      ],
      `columns spec file not found: ${missing}`,
    );
  });

  it('names the file and line of an unparsable line', async () => {
    const bad = write('bad.jsonl', '{"x": 1}\n\n{"x": 2,,}\n');
    await expectInputError(
      ['--reference', file('small-ref.jsonl'), '--current', bad],
      new RegExp(`^drift: ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} line 3: not valid JSON`),
    );
    const notObject = write('array.jsonl', '{"x": 1}\n[1, 2]\n');
    await expectInputError(
      ['--reference', notObject, '--current', bad],
      `${notObject} line 2: expected a JSON object with one key per column`,
    );
  });

  it('rejects an unknown column in the spec', async () => {
    const s = write(
      'unknown-spec.json',
      '{"columns": {"latency_ms": "numerical", "lag": "numerical"}}',
    );
    await expectInputError(
      [
        '--reference',
        file('small-ref.jsonl'),
        '--current',
        file('small-cur.jsonl'),
        '--columns',
        s,
      ],
      `column "lag" in ${s} not found in ${file('small-ref.jsonl')} or ${file('small-cur.jsonl')}`,
    );
  });

  it('rejects a malformed spec', async () => {
    const cases: [string, string][] = [
      ['{"columns": {"latency_ms": "text"}}', 'column "latency_ms" has type "text"'],
      ['{"cols": {}}', 'expected {"columns"'],
      ['{"columns": {}}', 'declares no columns'],
      ['not json', 'not valid JSON'],
    ];
    for (const [text, fragment] of cases) {
      const s = write('bad-spec.json', text);
      const r = await run(
        '--reference',
        file('small-ref.jsonl'),
        '--current',
        file('small-cur.jsonl'),
        '--columns',
        s,
      );
      expect(r.code, text).toBe(2);
      expect(r.err, text).toContain(fragment);
    }
  });

  it('names file and line of a value that does not fit the declared type', async () => {
    const ref = write('typed-ref.jsonl', '{"x": 1}\n{"x": 2}\n');
    const cur = write('typed-cur.jsonl', '{"x": 1}\n\n{"x": "fast"}\n');
    const s = write('typed-spec.json', '{"columns": {"x": "numerical"}}');
    await expectInputError(
      ['--reference', ref, '--current', cur, '--columns', s],
      `${cur} line 3: column "x" is numerical but holds "fast"`,
    );
  });

  it('reports missing and unknown flags', async () => {
    await expectInputError(
      ['--current', file('small-cur.jsonl')],
      'missing required flag --reference (see --help)',
    );
    await expectInputError(
      ['--reference', file('small-ref.jsonl')],
      'missing required flag --current (see --help)',
    );
    await expectInputError(['--reference', '--current', 'x'], '--reference needs a value');
    await expectInputError(
      ['--reference', 'a', '--current', 'b', '--verbose'],
      'unknown flag --verbose (see --help)',
    );
    await expectInputError(
      ['--reference', 'a', '--current', 'b', 'extra'],
      /unexpected argument "extra"/,
    );
    await expectInputError(
      ['--reference', 'a', '--current', 'b', '--drift-share', '2'],
      '--drift-share must be a number between 0 and 1',
    );
  });
});
