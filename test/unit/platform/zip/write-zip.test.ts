import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeZip } from '../../../../src/platform/zip/write-zip';
import { readZip } from '../../../support/read-zip';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'write-zip-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const DOS_1980_01_01 = (0 << 9) | (1 << 5) | 1;
const DOS_NOON = 12 << 11;

describe('writeZip', () => {
  it('round-trips buffers and files in the given order, with CRCs a reader accepts', async () => {
    const onDisk = path.join(tmp, 'big.txt');
    const big = Buffer.from('line of text\n'.repeat(50_000));
    writeFileSync(onDisk, big);
    const out = path.join(tmp, 'round.zip');
    const bytes = await writeZip(out, [
      { name: 'z-first.txt', data: Buffer.from('hello') },
      { name: 'dir/big.txt', file: onDisk, size: big.length },
      { name: 'empty.bin', data: Buffer.alloc(0) },
    ]);
    expect(bytes).toBe(readFileSync(out).length);
    expect(bytes).toBeLessThan(big.length / 10); // deflated
    const entries = await readZip(out);
    expect(entries.map((e) => e.name)).toEqual(['z-first.txt', 'dir/big.txt', 'empty.bin']);
    expect(entries[0]?.data?.toString()).toBe('hello');
    expect(entries[1]?.data?.equals(big)).toBe(true);
    expect(entries[2]?.data?.length).toBe(0);
  });

  it('pins what differs between builds: one mtime, one mode, no extended timestamp field', async () => {
    const out = path.join(tmp, 'pinned.zip');
    const file = path.join(tmp, 'script.sh');
    writeFileSync(file, '#!/bin/sh\n', { mode: 0o755 });
    await writeZip(out, [
      { name: 'a', data: Buffer.from('a') },
      { name: 'script.sh', file, size: 10 },
    ]);
    for (const e of await readZip(out)) {
      expect([e.dosDate, e.dosTime]).toEqual([DOS_1980_01_01, DOS_NOON]);
      expect(e.mode).toBe(0o100644);
      expect(e.extraFieldLength).toBe(0);
    }
  });

  it('gives the same bytes in another time zone', async () => {
    const entries = [{ name: 'x.txt', data: Buffer.from('same') }];
    const saved = process.env.TZ;
    const build = async (tz: string, name: string) => {
      process.env.TZ = tz;
      const out = path.join(tmp, name);
      await writeZip(out, entries);
      return readFileSync(out);
    };
    try {
      const utc = await build('UTC', 'utc.zip');
      expect(utc.equals(await build('Asia/Tokyo', 'tokyo.zip'))).toBe(true);
      expect(utc.equals(await build('America/Los_Angeles', 'la.zip'))).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('fails when a file changed size since it was listed, and leaves no archive behind', async () => {
    const file = path.join(tmp, 'grew.txt');
    writeFileSync(file, 'longer than announced');
    const out = path.join(tmp, 'grew.zip');
    await expect(writeZip(out, [{ name: 'grew.txt', file, size: 3 }])).rejects.toThrow(
      /unexpected number of bytes/,
    );
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.partial`)).toBe(false);
  });

  it('fails on a file that disappeared, naming it', async () => {
    const out = path.join(tmp, 'gone.zip');
    const file = path.join(tmp, 'never-written.txt');
    await expect(writeZip(out, [{ name: 'gone.txt', file, size: 1 }])).rejects.toThrow(
      /never-written\.txt/,
    );
    expect(existsSync(out)).toBe(false);
  });
});
