import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDriftImport } from '../../../src/cli/drift-import-command';
import { openSqliteStore } from '../../../src/platform/store/sqlite-store';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'drift-import-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function importText(file: string, text: string): Promise<{ code: number; err: string }> {
  let err = '';
  const code = await runDriftImport([file, '--target', 'gpt-x'], {
    readFile: () => Promise.resolve(text),
    openStore: () => Promise.resolve(openSqliteStore(dir)),
    now: () => 1_780_000_000_000,
    stdout: () => undefined,
    stderr: (s) => (err += s),
  });
  return { code, err };
}

describe('drift import (issue 13: absent columns are missing, not 0)', () => {
  it('stores a column the CSV lacks, and an empty cell, as NULL; derives total tokens', async () => {
    const csv =
      '\uFEFFprompt_tokens,completion_tokens,latency_ms,finish_reason\r\n' +
      '10,5,400,"stop"\n' +
      '12,7,,"length, cut"\n';
    expect(await importText('p.csv', csv)).toEqual({ code: 0, err: '' });
    const store = openSqliteStore(dir);
    try {
      const rows = await store.db
        .selectFrom('inference_log')
        .select(['prompt_chars', 'response_chars', 'latency_ms', 'total_tokens', 'finish_reason'])
        .orderBy('id')
        .execute();
      expect(rows).toEqual([
        {
          prompt_chars: null,
          response_chars: null,
          latency_ms: 400,
          total_tokens: 15,
          finish_reason: 'stop',
        },
        {
          prompt_chars: null,
          response_chars: null,
          latency_ms: null,
          total_tokens: 19,
          finish_reason: 'length, cut',
        },
      ]);
    } finally {
      await store.close();
    }
  });

  it('names the problem when the CSV cannot be parsed', async () => {
    const r = await importText('bad.csv', 'a,b\n"unterminated,1\n');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^drift import: not valid CSV \(.+\)\n$/);
  });
});
