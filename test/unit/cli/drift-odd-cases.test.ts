import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDriftCommand } from '../../../src/cli/drift-command';
import type { DriftReport } from '../../../src/drift/compute-drift-report';

// Odd data (issue 13): the CLI's `drift --json` against Evidently 0.7.23 on the same files. The
// expected.json files were written once by scripts/evidently-expected.py; CI never runs Evidently.
const ROOT = path.join(__dirname, '../../fixtures/drift-odd');
const CASES = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

interface Expected {
  columns: { name: string; test: string; score: number; drifted: boolean }[];
  drifted_columns: number;
  dataset_drift: boolean;
  evidently_drifted_columns_count: { count: number; share: number };
}

async function cliReport(dir: string): Promise<DriftReport> {
  // A case is JSON Lines, or CSV read as pandas.read_csv reads it.
  const ext = existsSync(path.join(dir, 'reference.csv')) ? 'csv' : 'jsonl';
  let out = '';
  let err = '';
  const code = await runDriftCommand(
    [
      '--reference',
      path.join(dir, `reference.${ext}`),
      '--current',
      path.join(dir, `current.${ext}`),
      '--columns',
      path.join(dir, 'columns.json'),
      '--json',
    ],
    { readFile: (p) => readFile(p, 'utf8'), stdout: (s) => (out += s), stderr: (s) => (err += s) },
  );
  expect(err).toBe('');
  expect(code).toBe(0);
  return JSON.parse(out) as DriftReport;
}

describe('drift CLI agrees with Evidently 0.7.23 on odd data', () => {
  it('has the cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(15);
  });

  it.each(CASES)('%s', async (name) => {
    const dir = path.join(ROOT, name);
    const expected = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Expected;
    const report = await cliReport(dir);
    expect(report.columns.map((c) => [c.name, c.test, c.drifted])).toEqual(
      expected.columns.map((c) => [c.name, c.test, c.drifted]),
    );
    report.columns.forEach((c, i) => {
      const want = expected.columns[i]!.score;
      expect(c.score, `${c.name} score`).not.toBeNull();
      expect(Math.abs(c.score! - want), `${c.name}: ${c.score} vs ${want}`).toBeLessThanOrEqual(
        1e-6 * Math.abs(want) + 1e-300,
      );
    });
    expect(report.drifted_columns).toBe(expected.drifted_columns);
    expect(report.dataset_drift).toBe(expected.dataset_drift);
    // Evidently's own dataset count keeps ±inf in a window without NaN; only that case differs
    // (docs/drift.md, "±inf").
    const count = expected.evidently_drifted_columns_count.count;
    if (name === 'inf-without-nan') expect(count).not.toBe(report.drifted_columns);
    else expect(count).toBe(report.drifted_columns);
  });
});
